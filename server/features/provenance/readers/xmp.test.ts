import { describe, expect, it } from 'vitest';
import { xmpPacket } from '../testing/builders';
import { parseXmp, scanXmpPackets } from './xmp';

describe('parseXmp', () => {
  const dst = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
  it('reads DigitalSourceType as an attribute, an element or an rdf:resource', () => {
    expect(parseXmp(xmpPacket(`<rdf:Description Iptc4xmpExt:DigitalSourceType="${dst}"/>`)).digitalSourceType).toBe(
      dst,
    );
    expect(
      parseXmp(
        xmpPacket(
          `<rdf:Description><Iptc4xmpExt:DigitalSourceType>${dst}</Iptc4xmpExt:DigitalSourceType></rdf:Description>`,
        ),
      ).digitalSourceType,
    ).toBe(dst);
    expect(
      parseXmp(xmpPacket(`<rdf:Description><iptcExt:DigitalSourceType rdf:resource="${dst}"/></rdf:Description>`))
        .digitalSourceType,
    ).toBe(dst);
  });

  it('reads CreatorTool, dcterms:provenance and entity-encoded values', () => {
    const fields = parseXmp(
      xmpPacket('<rdf:Description xmp:CreatorTool="Tom &amp; Jerry 1.0" dcterms:provenance="https://example.com/m"/>'),
    );
    expect(fields.creatorTool).toBe('Tom & Jerry 1.0');
    expect(fields.provenance).toBe('https://example.com/m');
  });

  it('returns nothing for unrelated or hostile text quickly (no regex backtracking blow-up)', () => {
    for (const hostile of [
      '<'.repeat(200_000) + 'DigitalSourceType'.repeat(1000),
      '<a:DigitalSourceType>'.repeat(100_000),
      '<x:description>'.repeat(130_000),
      ' a:CreatorTool="'.repeat(100_000),
    ]) {
      const started = performance.now();
      expect(parseXmp(hostile).digitalSourceType).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

describe('scanXmpPackets', () => {
  it('finds packets in arbitrary bytes (AVIF items, SVG metadata)', () => {
    const bytes = Buffer.concat([
      Buffer.alloc(100, 7),
      Buffer.from(xmpPacket('<rdf:Description a="1"/>')),
      Buffer.alloc(50),
    ]);
    const packets = scanXmpPackets(bytes);
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatch(/^<x:xmpmeta[\s\S]*<\/x:xmpmeta>$/);
    expect(scanXmpPackets(Buffer.from('<svg><metadata><rdf:RDF><x/></rdf:RDF></metadata></svg>'))).toEqual([
      '<rdf:RDF><x/></rdf:RDF>',
    ]);
    expect(scanXmpPackets(Buffer.from('<x:xmpmeta never closed'))).toEqual([]);
  });
});
