/** The document the product tests read: happy-dom's, at `url`, with the given head and body. */
export function page(url: string, head: string, body = ''): Document {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.head.innerHTML = head;
  document.body.innerHTML = body;
  return document;
}

/** A JSON-LD script element holding `data`. */
export const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
