/**
 * The RFC 9530 `Content-Digest` header value of these bytes, `sha-256=:BASE64:`, computed with
 * Web Crypto (extension pages, the service worker and Node all have `crypto.subtle`). The backend
 * answers an upload whose digest names an image it has analysed from its cache, without reading
 * the body or waiting in its image-work line; otherwise it checks the body against it.
 */
export async function contentDigest(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha-256=:${btoa(String.fromCharCode(...hash))}:`;
}
