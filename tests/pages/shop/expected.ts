/** What Loupe offers to save on the shop test page, exactly, in either browser (tests/pages/README.md lists why). */
export const shopOffered: readonly string[] = [
  '/shop/img/promo.png',
  '/shop/img/hero.png',
  '/shop/img/shirt-blue-1600.png',
  '/shop/img/shirt-white-1200.webp',
  '/shop/img/video-poster.png',
  '/shop/img/swatch.png',
  '/shop/img/related-1.png',
  '/shop/img/related-2-600.png',
  '/shop/img/related-3.png',
  '/shop/img/related-4.png',
  '/shop/img/review-photo.png',
  '/shop/img/frame-look.png',
];
