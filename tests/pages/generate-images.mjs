// Generates the small image files the static test pages use (run: node tests/pages/generate-images.mjs).
// Solid colours with a darker diagonal band, so each picture is visually distinct and compresses to a few KB.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = dirname(fileURLToPath(import.meta.url));

/** [path, width, height, colour, format] */
const images = [
  // shop/product.html
  ['shop/img/shirt-blue-400.png', 400, 500, '#3b6ea5'],
  ['shop/img/shirt-blue-800.png', 800, 1000, '#3b6ea5'],
  ['shop/img/shirt-blue-1600.png', 1600, 2000, '#3b6ea5'],
  ['shop/img/shirt-white-600.png', 600, 750, '#e8e4da'],
  ['shop/img/shirt-white-600.webp', 600, 750, '#e8e4da', 'webp'],
  ['shop/img/shirt-white-1200.webp', 1200, 1500, '#e8e4da', 'webp'],
  ['shop/img/never-wide.png', 1600, 600, '#999999'],
  ['shop/img/related-1.png', 480, 600, '#a55b3b'],
  ['shop/img/related-2-300.png', 300, 375, '#5ba53b'],
  ['shop/img/related-2-600.png', 600, 750, '#5ba53b'],
  ['shop/img/related-3.png', 480, 600, '#7a3ba5'],
  ['shop/img/related-4.png', 480, 600, '#a53b7a'],
  ['shop/img/placeholder.png', 240, 300, '#dddddd'],
  ['shop/img/hero.png', 1200, 400, '#d9a441'],
  ['shop/img/promo.png', 600, 200, '#41a4d9'],
  ['shop/img/icon-cart.png', 24, 24, '#222222'],
  ['shop/img/review-photo.png', 600, 600, '#6b8e23'],
  ['shop/img/avatar.png', 96, 96, '#cc8899'],
  ['shop/img/frame-look.png', 720, 900, '#8b4513'],
  ['shop/img/frame-badge.png', 64, 64, '#ffcc00'],
  ['shop/img/logo.png', 320, 80, '#111111'],
  ['shop/img/thumb-strip.png', 160, 200, '#3b6ea5'],
  ['shop/img/video-poster.png', 960, 540, '#2f4f4f'],
  ['shop/img/swatch.png', 600, 600, '#b22222'],
  ['shop/img/size-chart.png', 800, 600, '#f5f5dc'],
  ['shop/img/track.png', 1, 1, '#ffffff'],
  // feed/index.html: 18 items (6 initial + 2 batches of 6)
  ...Array.from({ length: 18 }, (_, i) => [
    `feed/img/item-${String(i + 1).padStart(2, '0')}.png`, 480, 600, `hsl(${(i * 37) % 360}, 55%, 55%)`,
  ]),
  ['feed/img/banner.png', 1000, 250, '#334455'],
  // optout/
  ['optout/img/look-1.png', 800, 1000, '#aa6655'],
  ['optout/img/look-2.png', 800, 1000, '#5566aa'],
  // late/: images that arrive late, <noscript> pictures, ranking
  ['late/img/slow.png', 800, 600, '#4a7c59'],
  ['late/img/below-fold.png', 600, 400, '#7c4a59'],
  ['late/img/script-lazy.png', 600, 450, '#594a7c'],
  ['late/img/small-late.png', 40, 40, '#333333'],
  ['late/img/photo-preview.png', 60, 40, '#8a9a5b'],
  ['late/img/photo-1400.png', 1400, 933, '#8a9a5b'],
  ['late/img/photo-2000.png', 2000, 1333, '#8a9a5b'],
  ['late/img/sofa-640.png', 640, 427, '#a0522d'],
  ['late/img/sofa-1920.png', 1920, 1280, '#a0522d'],
  ['late/img/site-logo.png', 600, 150, '#111111'],
  ['late/img/article-photo.png', 800, 500, '#2e8b57'],
  ['late/img/author-avatar.png', 128, 128, '#cc8899'],
  ['late/img/footer-promo.png', 900, 300, '#708090'],
];

function svg(w, h, colour) {
  const band = Math.max(1, Math.round(Math.min(w, h) / 6));
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${colour}"/>` +
      (w > 8 ? `<path d="M0 ${h} L${w} 0" stroke="rgba(0,0,0,0.25)" stroke-width="${band}"/>` : '') +
      '</svg>',
  );
}

for (const [path, w, h, colour, format = 'png'] of images) {
  const img = sharp(svg(w, h, colour));
  const out = format === 'webp' ? img.webp({ quality: 60 }) : img.png({ compressionLevel: 9, palette: true });
  await out.toFile(join(root, path));
}

// The classic 1×1 transparent GIF (tracking pixel / spacer).
const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
await writeFile(join(root, 'shop/img/pixel.gif'), gif);
await writeFile(join(root, 'shop/img/spacer.gif'), gif);
await writeFile(join(root, 'feed/img/spacer.gif'), gif);

// Vector icons.
const heart = '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M12 21s-7-4.5-9.5-9A5.5 5.5 0 0 1 12 6a5.5 5.5 0 0 1 9.5 6c-2.5 4.5-9.5 9-9.5 9z" fill="#c33"/></svg>\n';
await writeFile(join(root, 'shop/img/icon-heart.svg'), heart);
await writeFile(join(root, 'feed/img/icon-heart.svg'), heart);
console.log(`generated ${images.length + 5} files`);
