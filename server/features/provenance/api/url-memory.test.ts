import { describe, expect, it } from 'vitest';
import { createProvenanceUrlMemory } from './url-memory';

describe('provenance URL memory', () => {
  it('recalls what a URL served for the same user only, until it expires, within a bounded size', () => {
    let now = 5_000;
    const memory = createProvenanceUrlMemory({ maxEntries: 2, ttlMs: 1000 }, () => now);
    memory.remember('ada', 'https://shop.example/a.jpg', 'aa');
    expect(memory.recall('ada', 'https://shop.example/a.jpg')).toBe('aa');
    expect(memory.recall('bob', 'https://shop.example/a.jpg')).toBeUndefined();

    now = 5_999;
    expect(memory.recall('ada', 'https://shop.example/a.jpg')).toBe('aa');
    now = 6_001; // the image at the URL may have changed since: fetch it again
    expect(memory.recall('ada', 'https://shop.example/a.jpg')).toBeUndefined();

    memory.remember('ada', 'https://shop.example/1.jpg', '11');
    memory.remember('ada', 'https://shop.example/2.jpg', '22');
    memory.remember('ada', 'https://shop.example/3.jpg', '33');
    expect(memory.recall('ada', 'https://shop.example/1.jpg')).toBeUndefined(); // the least recently used went
    expect(memory.recall('ada', 'https://shop.example/3.jpg')).toBe('33');
  });
});
