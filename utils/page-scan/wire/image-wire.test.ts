import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../types';
import { decodeImage, encodeImage } from './image-wire';
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

describe('image records on the wire', () => {
  it('travel as short tuples and come back whole, with the frame URL and eligibility filled in', () => {
    const plain = encodeImage(record);
    expect(plain).toHaveLength(10);
    expect(JSON.stringify(plain).length).toBeLessThan(JSON.stringify(record).length / 2);
    expect(decodeImage(WireImageSchema.parse(plain), record.frameUrl)).toEqual(record);
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
    for (const variant of variants)
      expect(decodeImage(WireImageSchema.parse(encodeImage(variant)), variant.frameUrl)).toEqual(variant);
  });
});
