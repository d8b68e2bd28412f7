/**
 * The web's image search engines Loupe can hand an image to: each one's address for searching an
 * image by its URL (a template where `{url}` stands for the encoded image address), and its own
 * upload page, where Loupe puts the image's bytes when the engine could not fetch it by address.
 */

/** Stands for the image's address, URL-encoded, in an engine's template. */
export const IMAGE_URL_PLACEHOLDER = '{url}';

export interface WebSearchEngine {
  id: string;
  name: string;
  /** The search page for an image by its address: `{url}` becomes the encoded image URL. */
  urlTemplate: string;
  /** A page with a file field, where the image's bytes are put when its address is not public. */
  uploadUrl?: string;
}

export const BUILT_IN_ENGINES = [
  {
    id: 'google-lens',
    name: 'Google Lens',
    urlTemplate: 'https://lens.google.com/uploadbyurl?url={url}',
    uploadUrl: 'https://images.google.com/',
  },
  {
    id: 'bing',
    name: 'Bing Visual Search',
    urlTemplate: 'https://www.bing.com/images/search?view=detailv2&iss=sbi&q=imgurl:{url}',
    uploadUrl: 'https://www.bing.com/visualsearch',
  },
  {
    id: 'tineye',
    name: 'TinEye',
    urlTemplate: 'https://tineye.com/search?url={url}',
    uploadUrl: 'https://tineye.com/',
  },
  {
    id: 'yandex',
    name: 'Yandex',
    urlTemplate: 'https://yandex.com/images/search?rpt=imageview&url={url}',
    uploadUrl: 'https://yandex.com/images/',
  },
] as const satisfies readonly WebSearchEngine[];

export type BuiltInEngineId = (typeof BUILT_IN_ENGINES)[number]['id'];

/** The engine's search page for the image at `imageUrl`. */
export const searchUrlFor = (engine: Pick<WebSearchEngine, 'urlTemplate'>, imageUrl: string): string =>
  engine.urlTemplate.replaceAll(IMAGE_URL_PLACEHOLDER, encodeURIComponent(imageUrl));

const isWebAddress = (text: string): boolean => {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
};

/**
 * Whether a person's template makes a web address for every image: it names the placeholder, and
 * what it builds is http(s) (a template is never a `javascript:` or `data:` link).
 */
export const isUsableTemplate = (template: string): boolean =>
  template.includes(IMAGE_URL_PLACEHOLDER) &&
  isWebAddress(searchUrlFor({ urlTemplate: template }, 'https://example.com/image.jpg'));

/** Whether an upload page is a web page Loupe can open. */
export const isUsableUploadPage = (url: string): boolean => isWebAddress(url);
