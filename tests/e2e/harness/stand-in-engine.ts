import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@playwright/test';
import sharp from 'sharp';
import { pixelBox } from '../../../utils/contract';
import { CENTRE_REGION } from '../../../utils/products/region';

/**
 * A stand-in image search engine on loopback. Its upload page adds its file field a moment after
 * loading (as real engines' scripts do) and posts whatever file it is given back to the server,
 * which records what it received.
 */
export async function standInEngine() {
  const received: { name: string; type: string; size: number; sha256: string }[] = [];
  /** The files themselves, in the order received. */
  const bodies: Buffer[] = [];
  const uploadPage = `<!doctype html><meta charset="utf-8"><title>Stand-in upload</title>
<h1>Upload an image</h1>
<script>
  setTimeout(() => {
    const field = document.createElement('input');
    field.type = 'file';
    field.accept = 'image/*';
    field.addEventListener('change', () => {
      const file = field.files[0];
      fetch('/received', { method: 'POST', body: file, headers: { 'x-name': file.name, 'x-type': file.type } });
    });
    document.body.append(field);
  }, 300);
</script>`;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/received') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body);
        received.push({
          name: String(req.headers['x-name']),
          type: String(req.headers['x-type']),
          size: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
        });
        res.end('ok');
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/upload' ? uploadPage : '<!doctype html><title>Stand-in results</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    bodies,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Checks that `part` (an image file an engine received) holds the pixels of the centre box of the
 * image at `originalPath`, the box the side panel's *Search a part* starts with, as the server would
 * cut it (pixelBox), give or take a canvas's rounding.
 */
export async function expectCentrePart(part: Buffer, originalPath: string) {
  const original = sharp(originalPath).ensureAlpha();
  const { width, height } = await original.metadata();
  const box = pixelBox(CENTRE_REGION, { width: width!, height: height! });
  const cut = await sharp(part).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(cut.info).toMatchObject({ width: box.width, height: box.height });
  const expected = await original.extract(box).raw().toBuffer();
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference += Math.abs(expected[i]! - cut.data[i]!);
  expect(difference / expected.length).toBeLessThan(1);
}
