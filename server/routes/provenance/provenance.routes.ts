import { createRoute, z } from '@hono/zod-openapi';
import { ProvenanceRequestSchema, ProvenanceResultSchema } from '../../../utils/contract/provenance';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../http/openapi-helpers';

const ImageBytes = z.string().meta({ format: 'binary', description: 'The image file itself (JPEG, PNG, WebP, AVIF, HEIC, SVG, GIF or TIFF)' });

/**
 * Declared for the API description only: the handler reads the body itself, because an image
 * upload must be read as a stream with a hard size cap, which the JSON validator cannot do.
 */
export const analyzeProvenance = createRoute({
  method: 'post',
  path: '/v1/provenance',
  tags: ['Provenance'],
  summary: 'Where an image honestly seems to come from: AI-generated, AI-edited, camera-or-human or unknown',
  description:
    'Send the image bytes (`Content-Type: image/*`), or JSON `{"url": "…"}` for the server to fetch (http and https, public addresses only, at most 5 redirects). ' +
    'The answer is a verdict, how strong it is (`verified` > `signed` > `declared` > `hint` > `none`) and the evidence. ' +
    'Results are cached by the SHA-256 of the image bytes.',
  security: BEARER_SECURITY,
  request: {
    body: {
      required: true,
      content: {
        'image/*': { schema: ImageBytes },
        'application/octet-stream': { schema: ImageBytes },
        'application/json': { schema: ProvenanceRequestSchema },
      },
    },
  },
  responses: {
    200: jsonContent(ProvenanceResultSchema, 'The verdict, its strength and the evidence'),
    400: problemContent('Malformed JSON, not a URL, or an empty body'),
    413: problemContent('The image (uploaded or fetched) is over the size limit'),
    415: problemContent('Not a supported image, or a request Content-Type other than image/*, application/octet-stream or application/json'),
    422: problemContent('The URL was refused: a private or reserved address, a scheme other than http(s), credentials in the URL, or too many redirects'),
    502: problemContent('The image could not be fetched: the remote server failed, answered an error status, or timed out'),
    ...authProblems,
  },
});
