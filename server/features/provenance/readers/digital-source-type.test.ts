import { describe, expect, it } from 'vitest';
import { sourceTypeCode, sourceTypeMeaning } from './digital-source-type';

describe('IPTC DigitalSourceType', () => {
  it.each([
    ['http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', 'ai-generated'],
    ['https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia', 'ai-edited'],
    ['algorithmicMedia', 'synthetic'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic', 'synthetic'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture', 'capture'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/negativeFilm', 'capture'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/screenCapture', 'capture'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/minorHumanEdits', 'human'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/digitalArt', 'human'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicallyEnhanced', 'other'],
    ['http://cv.iptc.org/newscodes/digitalsourcetype/somethingNew', 'other'],
  ])('%s -> %s', (value, meaning) => {
    expect(sourceTypeMeaning(value)).toBe(meaning);
  });

  it('extracts the code from URIs', () => {
    expect(sourceTypeCode('http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture/')).toBe('digitalCapture');
  });
});
