import type { ImageFormat } from '../../../platform/image-format';
import { decodePixels } from '../readers/pixels';
import { detectSdWatermark } from '../readers/sd-watermark';
import { readStealthPngInfo } from '../readers/stealth-pnginfo';
import type { EvidenceCollector } from './collector';

/**
 * Step 5: pixel-level marks on lossless images: stealth pnginfo and the SD invisible watermark.
 * The costliest step, so it runs only while the time budget lasts.
 */
export async function readPixelEvidence(
  found: EvidenceCollector,
  bytes: Uint8Array,
  format: ImageFormat,
  size: { width: number; height: number },
): Promise<void> {
  if (found.timeLeft() < 0) return found.skippedForTime('pixel watermark checks were');
  const pixels = await found.guarded('pixels', () =>
    decodePixels(bytes, size.width || undefined, size.height || undefined),
  );
  if (!pixels) return;
  if (format === 'png') {
    const stealth = await found.guarded('stealth metadata', () => readStealthPngInfo(pixels));
    // Only Stable Diffusion tooling writes this signature (A1111 and Forge parameters, NovelAI JSON), so the payload itself is the declaration.
    if (stealth)
      found.declare('ai-generated', {
        source: 'png-text',
        field: `stealth_pnginfo (${stealth.signature}, alpha/RGB LSBs)`,
        value: stealth.text,
        tool: 'AUTOMATIC1111 stealth pnginfo',
      });
  }
  if (found.timeLeft() < 0) return found.skippedForTime('the invisible-watermark check was');
  const mark = await found.guarded('invisible watermark', () => detectSdWatermark(pixels));
  if (mark) {
    found.declare('ai-generated', {
      source: 'watermark',
      field: 'invisible-watermark dwtDct',
      value: `${mark.name} [${mark.bitErrors}/${mark.bits} bit errors]`,
      tool: mark.name === 'SDXL' ? 'Stable Diffusion XL' : 'Stable Diffusion',
    });
  }
}
