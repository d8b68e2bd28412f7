import type { ImageFormat } from '../../../platform/image-format';
import { classifyUserComment, knownGeneratorName } from '../readers/generator-metadata';
import { readIsobmffExif } from '../readers/isobmff-exif';
import { type ExifFields, readTiffExif } from '../readers/tiff-exif';
import type { EvidenceCollector } from './collector';

const CAMERA_HINT_NOTE = 'unsigned camera EXIF: hint only';

/** Step 3: EXIF: generator parameters in UserComment, generator names in Software, camera Make/Model. */
export async function readExifEvidence(
  found: EvidenceCollector,
  bytes: Uint8Array,
  format: ImageFormat,
  exifTiff: Uint8Array | null,
): Promise<void> {
  let exif: ExifFields = {};
  if (exifTiff) exif = (await found.guarded('EXIF', () => readTiffExif(exifTiff))) ?? {};
  else if (format === 'heic' || format === 'avif') exif = await readIsobmffExif(bytes);
  for (const comment of [exif.userComment, exif.xpComment]) {
    const declaration = comment ? classifyUserComment(comment) : null;
    if (declaration)
      found.declare('ai-generated', {
        source: 'exif',
        field: declaration.field,
        value: declaration.value,
        tool: declaration.tool,
      });
  }
  const softwareGenerator = knownGeneratorName(exif.software);
  if (exif.software && softwareGenerator)
    found.hint({ source: 'exif', field: 'Software', value: `${exif.software} [hint only]`, tool: softwareGenerator });
  if (exif.make || exif.model) {
    found.hint({
      source: 'exif',
      field: 'Make/Model',
      value: `${[exif.make, exif.model].filter(Boolean).join(' ')} [${CAMERA_HINT_NOTE}]`,
    });
  }
}
