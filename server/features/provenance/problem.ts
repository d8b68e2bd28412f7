import { SafeFetchError } from '../../platform/safe-fetch/errors';
import { ProvenanceInputError } from './errors';

/**
 * Maps the typed errors of safeFetch and analyzeProvenance to what a route
 * answers (RFC 9457 problem fields). Anything else is a bug: null, so the
 * route's generic 500 handling applies.
 */
export interface ProvenanceProblem {
  status: number;
  title: string;
  detail: string;
  code: string;
}

export const provenanceProblem = (error: unknown): ProvenanceProblem | null => {
  if (error instanceof ProvenanceInputError) {
    return {
      status: error.httpStatus,
      title: error.httpStatus === 413 ? 'Image too large' : 'Unsupported image',
      detail: error.message,
      code: error.code,
    };
  }
  if (error instanceof SafeFetchError) {
    const titles: Record<SafeFetchError['code'], string> = {
      'invalid-url': 'Invalid image URL',
      'blocked-address': 'Image URL not allowed',
      'dns-failure': 'Image host not found',
      'too-many-redirects': 'Too many redirects',
      'too-large': 'Image too large',
      timeout: 'Image fetch timed out',
      'upstream-status': 'Image could not be fetched',
      network: 'Image could not be fetched',
    };
    return { status: error.status, title: titles[error.code], detail: error.message, code: error.code };
  }
  return null;
};
