/**
 * Names that mark an image as page chrome (a logo, an avatar, a share or social icon, a badge…),
 * wherever it sits. The content script tests what only the page knows, an image's class and id
 * (placement.ts); the background tests what the record already carries, its alt text and file
 * name (rank.ts), so that work stays off the page's main thread.
 */

/** A chrome word, not inside a longer word. */
const CHROME_WORD = /(?<![a-z])(?:logo|avatar|author|profile|share|social|icon|badge|sprite|emoji)/i;

/** Whether `name` (a class list, an id, an alt text) names page chrome. */
export const namesChrome = (name: string | null | undefined): boolean => !!name && CHROME_WORD.test(name);

/** Whether the file name of `url` (its last path segment, without the query) names page chrome. */
export function fileNamesChrome(url: string): boolean {
  if (url.startsWith('data:')) return false;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return CHROME_WORD.test(path.slice(path.lastIndexOf('/')));
}
