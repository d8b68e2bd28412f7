// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fillUploadPage } from './fill-upload-page';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const image = (site = location.hostname, waitMs = 2_000) => ({
  base64: btoa(String.fromCharCode(...PNG)),
  name: 'lamp.png',
  type: 'image/png',
  site,
  waitMs,
});

/** What the page's own script saw: the files its field held when each event reached the document. */
function listen() {
  const seen: { event: string; name?: string; type?: string; bytes?: number[] }[] = [];
  for (const event of ['input', 'change'])
    document.addEventListener(event, async (e) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      seen.push({
        event,
        name: file?.name,
        type: file?.type,
        bytes: file && [...new Uint8Array(await file.arrayBuffer())],
      });
    });
  return seen;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('filling an engine’s upload page', () => {
  it('puts the image in the file field that accepts images, and tells the page', async () => {
    document.body.innerHTML = '<input type="file" accept=".pdf"><input type="file" accept="image/*" id="pick">';
    const seen = listen();
    expect(await fillUploadPage(image())).toBe('filled');
    const field = document.querySelector<HTMLInputElement>('#pick')!;
    expect(field.files?.[0]?.name).toBe('lamp.png');
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual([
      { event: 'input', name: 'lamp.png', type: 'image/png', bytes: [...PNG] },
      { event: 'change', name: 'lamp.png', type: 'image/png', bytes: [...PNG] },
    ]);
  });

  it('waits for a field the page adds later', async () => {
    const filling = fillUploadPage(image());
    setTimeout(() => {
      const input = document.createElement('input');
      input.type = 'file';
      document.body.append(input);
    }, 50);
    expect(await filling).toBe('filled');
    expect(document.querySelector<HTMLInputElement>('input')!.files?.[0]?.size).toBe(PNG.length);
  });

  it('gives up when no field comes', async () => {
    expect(await fillUploadPage(image(location.hostname, 100))).toBe('no-file-field');
  });

  it('fills nothing on another site (a redirect to a sign-in page elsewhere)', async () => {
    document.body.innerHTML = '<input type="file">';
    expect(await fillUploadPage(image('tineye.com'))).toBe('elsewhere');
    expect(document.querySelector<HTMLInputElement>('input')!.files?.length ?? 0).toBe(0);
  });
});
