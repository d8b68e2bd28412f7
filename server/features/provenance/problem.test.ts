import { describe, expect, it } from 'vitest';
import { SafeFetchError } from '../../platform/safe-fetch/errors';
import { ImageTooLargeError, UnsupportedImageError } from './errors';
import { provenanceProblem } from './problem';

describe('provenanceProblem', () => {
  it('maps typed errors to 4xx/5xx problems and leaves bugs alone', () => {
    expect(provenanceProblem(new UnsupportedImageError())).toMatchObject({ status: 415, code: 'unsupported-image' });
    expect(provenanceProblem(new ImageTooLargeError(10, 5))).toMatchObject({ status: 413, code: 'image-too-large' });
    expect(provenanceProblem(new SafeFetchError('blocked-address', 'private'))).toMatchObject({
      status: 400,
      title: 'Image URL not allowed',
    });
    expect(provenanceProblem(new SafeFetchError('timeout', 'slow'))).toMatchObject({ status: 504 });
    expect(provenanceProblem(new Error('bug'))).toBeNull();
  });
});
