import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../types';
import { imageDecoder, imageEncoder } from './image-wire';
import type { WireImage } from './image-wire';
import { WireImageSchema } from './page-report';

const record: ImageRecord = {
  url: 'https://cdn.shop.test/img/shirt-1600.jpg',
  source: 'picture',
  naturalWidth: 1600,
  naturalHeight: 2000,
  renderedWidth: 400,
  renderedHeight: 500,
  alt: 'Blue linen shirt',
  linkUrl: 'https://shop.test/p/shirt',
  placement: 'main',
  top: 640,
  frameUrl: 'https://shop.test/p/shirt',
  inShadowRoot: false,
  hoverEligible: true,
  saveAllowed: true,
  blockedReason: null,
  blockedDetail: null,
};

/** A record through the wire and back, checked by the background's schema on the way. */
const roundTrip = (r: ImageRecord) =>
  imageDecoder(r.frameUrl)(WireImageSchema.parse(imageEncoder(r.frameUrl)(r)) as WireImage);

describe('image records on the wire', () => {
  it('travel as short tuples and come back whole, with the frame URL and eligibility filled in', () => {
    const plain = imageEncoder(record.frameUrl)(record);
    expect(plain).toHaveLength(10);
    expect(JSON.stringify(plain).length).toBeLessThan(JSON.stringify(record).length / 2);
    expect(roundTrip(record)).toEqual(record);
  });

  it("send a URL on the frame's own origin as its path, and only such a URL", () => {
    const encode = imageEncoder(record.frameUrl);
    const onOrigin = { ...record, url: 'https://shop.test/media/shirt.jpg?w=1600' };
    const wire = encode(onOrigin);
    expect([wire[0], wire[7]]).toEqual(['/media/shirt.jpg?w=1600', '/p/shirt']);
    expect(roundTrip(onOrigin)).toEqual(onOrigin);
    // Another host, a longer host that starts the same, another scheme or port: whole.
    for (const url of [
      'https://cdn.shop.test/img/a.jpg',
      'https://shop.test.evil.example/a.jpg',
      'http://shop.test/a.jpg',
      'https://shop.test:8443/a.jpg',
    ])
      expect(encode({ ...record, url })[0]).toBe(url);
  });

  it('send whole URLs from a frame without an origin of its own (about:srcdoc)', () => {
    const inSrcdoc = { ...record, frameUrl: 'about:srcdoc', url: 'https://shop.test/a.jpg' };
    expect(imageEncoder('about:srcdoc')(inSrcdoc)[0]).toBe('https://shop.test/a.jpg');
    expect(roundTrip(inSrcdoc)).toEqual(inSrcdoc);
  });

  it('drop a forged path the frame has no origin for, or one too long once joined, and such a link', () => {
    const onOrigin = { ...record, url: 'https://shop.test/a.jpg' };
    const wire = imageEncoder(record.frameUrl)(onOrigin);
    expect(wire[0]).toBe('/a.jpg');
    expect(imageDecoder('about:srcdoc')(wire)).toBeNull();
    const long = `/${'a'.repeat(8190)}`;
    expect(WireImageSchema.safeParse(wire.with(0, long)).success).toBe(true);
    expect(imageDecoder(record.frameUrl)(wire.with(0, long) as WireImage)).toBeNull();
    expect(imageDecoder(record.frameUrl)(wire.with(7, long) as WireImage)).toEqual({ ...onOrigin, linkUrl: null });
  });

  it('keep what is not the default: a shadow root, a block with its reason and detail, missing sizes', () => {
    const variants: ImageRecord[] = [
      { ...record, inShadowRoot: true },
      { ...record, saveAllowed: false, blockedReason: 'page-nopin', blockedDetail: 'Ask us first' },
      { ...record, saveAllowed: false, blockedReason: 'image-nosave' },
      {
        ...record,
        naturalWidth: null,
        naturalHeight: null,
        linkUrl: null,
        alt: '',
        renderedWidth: 119,
        renderedHeight: 400,
        hoverEligible: false,
      },
    ];
    for (const variant of variants) expect(roundTrip(variant)).toEqual(variant);
  });
});
