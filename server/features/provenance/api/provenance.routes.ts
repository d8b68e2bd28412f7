import { createRoute, z } from '@hono/zod-openapi';
import {
  ProvenanceHashSchema,
  ProvenanceRequestSchema,
  ProvenanceResultSchema,
} from '../../../../utils/contract/provenance';
import { text } from '../../../../utils/contract/text';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../../platform/http/openapi-helpers';

const ImageBytes = z
  .string()
  .meta({ format: 'binary', description: 'The image file itself (JPEG, PNG, WebP, AVIF, HEIC, SVG, GIF or TIFF)' });

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
    'Results are cached by the SHA-256 of the image bytes. ' +
    "A cached answer is given at once, without waiting for a slot of the server's image-work line: for an upload whose `Content-Digest` header (RFC 9530, `sha-256`) names an image analysed here (its body is then not read), " +
    'and for a `{"url"}` you asked about in the last 10 minutes whose answer is still cached (the URL is not fetched again). ' +
    'Other requests wait for a slot: each token may hold at most its share of the line (by default half of it), beyond which it gets 429; when the whole line is full, 503. Both say when to try again (`Retry-After`). ' +
    "When full Content Credentials (C2PA) validation would take longer than the server's budget (about 1 s; some stores of many manifests take several), " +
    'the answer has `status: "provisional"`: it comes from the credentials read without validation, so it is never more than `declared`. ' +
    'Validation continues on the server; poll `GET /v1/provenance/{sha256}` (about once a second) for the `final` answer.',
  security: BEARER_SECURITY,
  request: {
    headers: z.object({
      'content-digest': text().optional().meta({
        description:
          "For uploads, optional: `sha-256=:BASE64:` of the image bytes (RFC 9530). When the server has this image's answer cached it answers without reading the body; otherwise the body must match it (400 if not).",
      }),
    }),
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
    200: jsonContent(
      ProvenanceResultSchema,
      'The verdict, its strength and the evidence; `status` says whether it is provisional or final',
    ),
    400: problemContent('Malformed JSON, not a URL, an empty body, or a body that does not match its Content-Digest'),
    413: problemContent('The image (uploaded or fetched) is over the size limit'),
    415: problemContent(
      'Not a supported image, or a request Content-Type other than image/*, application/octet-stream or application/json',
    ),
    422: problemContent(
      'The URL was refused (type urn:loupe:problem:url-refused): a private or reserved address, credentials, another scheme in a redirect, or too many redirects',
    ),
    502: problemContent(
      'The image could not be fetched: the remote server failed, answered an error status, or timed out',
    ),
    429: problemContent(
      'Too many requests from this token, or it already holds its share of the image-work line; see Retry-After',
    ),
    503: problemContent('The image-work line is full; see Retry-After'),
    ...authProblems,
  },
});

export const getProvenance = createRoute({
  method: 'get',
  path: '/v1/provenance/{sha256}',
  tags: ['Provenance'],
  summary: 'The current answer for an image analysed before: provisional while its validation runs, then final',
  description:
    "For polling after a `provisional` answer from `POST /v1/provenance`: the same SHA-256 (the result's `sha256`) gives the cached answer under the server's trust settings. " +
    '404 when the image was not analysed here, its answer was evicted from the cache, or its analysis was cut short (validation over the time limit): send it again with POST.',
  security: BEARER_SECURITY,
  request: {
    params: z.object({
      sha256: ProvenanceHashSchema.meta({ description: 'Lower-case hex SHA-256 of the image bytes' }),
    }),
  },
  responses: {
    200: jsonContent(
      ProvenanceResultSchema,
      'The cached answer: `status` is `provisional` while validation runs, then `final`',
    ),
    400: problemContent('Not a lower-case hex SHA-256'),
    404: problemContent('No answer for this image is cached'),
    ...authProblems,
  },
});
