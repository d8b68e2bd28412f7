import ipaddr from 'ipaddr.js';
import { parse } from 'tldts';

/**
 * Whether a search engine on the internet could fetch an image by its address: an http(s) URL on a
 * public host. Not public: loopback, private, link-local and other special addresses, names that
 * exist only on a local network (`localhost`, `.local`, `.internal`, single labels, `.arpa`),
 * addresses carrying a user name or password, and `data:`/`blob:` URLs, which exist only in the
 * browser. Those images go to an engine as bytes, through its upload page.
 *
 * A public name may still point at a private address (DNS is not the browser's to ask): the engine
 * then fails to fetch it, which tells nobody anything the address did not already say.
 */
export function isPublicImageUrl(imageUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(imageUrl);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) return false;
  // URL has already normalised IPv4 spellings (0x7f.1, 2130706433) to dotted decimal.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // process() reads an IPv4 address written as IPv6 (::ffff:10.0.0.1) as the IPv4 one it is.
  if (ipaddr.isValid(host)) return ipaddr.process(host).range() === 'unicast';
  const name = parse(host);
  return name.isIcann === true && name.domain !== null && !/\.arpa$/i.test(host);
}
