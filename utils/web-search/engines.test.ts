import { describe, expect, it } from 'vitest';
import { BUILT_IN_ENGINES, isUsableTemplate, isUsableUploadPage, searchUrlFor } from './engines';

const IMAGE = 'https://cdn.shop-example.com/lamps/brass lamp.jpg?w=800&h=600#zoom';
const ENCODED = 'https%3A%2F%2Fcdn.shop-example.com%2Flamps%2Fbrass%20lamp.jpg%3Fw%3D800%26h%3D600%23zoom';

describe('the engines', () => {
  it('are Google Lens, Bing Visual Search, TinEye and Yandex, each with its own upload page', () => {
    expect(BUILT_IN_ENGINES.map((engine) => engine.name)).toEqual([
      'Google Lens',
      'Bing Visual Search',
      'TinEye',
      'Yandex',
    ]);
    for (const engine of BUILT_IN_ENGINES) expect(new URL(engine.uploadUrl).protocol).toBe('https:');
  });

  it('build each engine’s search page with the image address encoded as one query value', () => {
    const built = Object.fromEntries(BUILT_IN_ENGINES.map((engine) => [engine.id, searchUrlFor(engine, IMAGE)]));
    expect(built).toEqual({
      'google-lens': `https://lens.google.com/uploadbyurl?url=${ENCODED}`,
      bing: `https://www.bing.com/images/search?view=detailv2&iss=sbi&q=imgurl:${ENCODED}`,
      tineye: `https://tineye.com/search?url=${ENCODED}`,
      yandex: `https://yandex.com/images/search?rpt=imageview&url=${ENCODED}`,
    });
    // The address survives the trip: the engine reads back exactly the image's URL, fragment and all.
    expect(new URL(built.tineye!).searchParams.get('url')).toBe(IMAGE);
    expect(new URL(built.yandex!).searchParams.get('rpt')).toBe('imageview');
  });

  it('fill every placeholder of a person’s template', () => {
    expect(searchUrlFor({ urlTemplate: 'https://find.example.org/?a={url}&b={url}' }, 'https://x.com/a.png')).toBe(
      'https://find.example.org/?a=https%3A%2F%2Fx.com%2Fa.png&b=https%3A%2F%2Fx.com%2Fa.png',
    );
  });
});

describe('a person’s template', () => {
  it('is usable when it is an http(s) address naming {url}', () => {
    expect(isUsableTemplate('https://find.example.org/search?image={url}')).toBe(true);
    expect(isUsableTemplate('http://127.0.0.1:8080/lookup/{url}')).toBe(true);
  });

  it('is refused without the placeholder, or when it builds anything but a web address', () => {
    expect(isUsableTemplate('https://find.example.org/search')).toBe(false);
    expect(isUsableTemplate('javascript:alert({url})')).toBe(false);
    expect(isUsableTemplate('data:text/html,{url}')).toBe(false);
    expect(isUsableTemplate('{url}')).toBe(false);
    expect(isUsableTemplate('find.example.org/?q={url}')).toBe(false);
  });

  it('may name an upload page, which must be a web address', () => {
    expect(isUsableUploadPage('https://find.example.org/upload')).toBe(true);
    expect(isUsableUploadPage('file:///etc/passwd')).toBe(false);
    expect(isUsableUploadPage('not a url')).toBe(false);
  });
});
