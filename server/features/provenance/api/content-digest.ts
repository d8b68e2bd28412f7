import { ProblemError } from '../../../platform/http/problem';

/**
 * The SHA-256 a request declares for its body in an RFC 9530 `Content-Digest` header
 * (`sha-256=:BASE64:`, maybe among other algorithms), as lower-case hex; undefined when it
 * declares none. A malformed `sha-256` member is a 400: the client meant to send one.
 */
export function declaredSha256(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const member of header.split(',')) {
    const [name, ...rest] = member.trim().split('=');
    if (name?.trim().toLowerCase() !== 'sha-256') continue;
    const value = /^:([A-Za-z0-9+/]{43}=):(;.*)?$/.exec(rest.join('=').trim());
    const bytes = value?.[1] ? Buffer.from(value[1], 'base64') : undefined;
    if (!bytes || bytes.length !== 32 || bytes.toString('base64') !== value?.[1]) {
      throw new ProblemError(
        400,
        'Invalid Content-Digest',
        "The Content-Digest header's sha-256 must be the 32-byte SHA-256 of the body in base64 between colons (RFC 9530): sha-256=:…=:",
      );
    }
    return bytes.toString('hex');
  }
  return undefined;
}
