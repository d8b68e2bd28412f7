import { describe, expect, it } from 'vitest';
import { BUILT_IN_ENGINES } from './engines';
import { planWebSearch, uploadFileName } from './plan';

const tineye = BUILT_IN_ENGINES.find((engine) => engine.id === 'tineye')!;

describe('how an image reaches an engine', () => {
  it('by address when the address is public', () => {
    expect(planWebSearch(tineye, 'https://cdn.shop-example.com/lamp.jpg')).toEqual({
      how: 'address',
      url: 'https://tineye.com/search?url=https%3A%2F%2Fcdn.shop-example.com%2Flamp.jpg',
    });
  });

  it('through the engine’s upload page when only the browser can see it', () => {
    for (const url of ['http://127.0.0.1:9/lamp.jpg', 'data:image/png;base64,AAAA', 'blob:https://a.com/x'])
      expect(planWebSearch(tineye, url)).toEqual({ how: 'upload', uploadUrl: 'https://tineye.com/' });
  });

  it('not at all with an engine of one’s own that has no upload page', () => {
    const own = { id: 'custom-a', name: 'Mine', urlTemplate: 'https://find.example.org/?q={url}' };
    expect(planWebSearch(own, 'http://192.168.1.4/lamp.jpg')).toEqual({
      how: 'impossible',
      why: 'address-not-public',
    });
    expect(planWebSearch(own, 'https://cdn.shop-example.com/lamp.jpg').how).toBe('address');
  });

  it('a part of an image only as a file, through the upload page, even when the image’s address is public', () => {
    expect(planWebSearch(tineye, 'https://cdn.shop-example.com/lamp.jpg', true)).toEqual({
      how: 'upload',
      uploadUrl: 'https://tineye.com/',
    });
    const own = { id: 'custom-a', name: 'Mine', urlTemplate: 'https://find.example.org/?q={url}' };
    expect(planWebSearch(own, 'https://cdn.shop-example.com/lamp.jpg', true)).toEqual({
      how: 'impossible',
      why: 'part-needs-upload',
    });
  });
});

describe('the uploaded file’s name', () => {
  it('is the image’s own, made safe, with an extension fitting its type', () => {
    expect(uploadFileName('http://127.0.0.1/img/brass%20lamp.jpg?w=2', 'image/jpeg')).toBe('brass_lamp.jpg');
    expect(uploadFileName('http://127.0.0.1/img/lamp', 'image/webp')).toBe('lamp.webp');
    expect(uploadFileName('http://127.0.0.1/img/..%2F..%2Fetc', 'image/png')).toBe('etc.png');
  });

  it('is "image" when the address has no name (data:, blob:, a bare path)', () => {
    expect(uploadFileName('data:image/png;base64,AAAA', 'image/png')).toBe('image.png');
    expect(uploadFileName('blob:https://a.com/6b1f', 'image/gif')).toBe('image.gif');
    expect(uploadFileName('https://a.com/', '')).toBe('image');
  });

  it('says "part" for a part of the image, with the extension of the type it was cut into', () => {
    expect(uploadFileName('http://127.0.0.1/img/hero.jpg', 'image/png', true)).toBe('hero-part.png');
    expect(uploadFileName('blob:https://a.com/6b1f', 'image/jpeg', true)).toBe('image-part.jpg');
  });
});
