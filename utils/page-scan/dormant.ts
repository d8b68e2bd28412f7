/**
 * Sites where the content script stays dormant (does not scan, does not show
 * the hover button): banking, webmail, password managers, health portals,
 * payment and tax sites. Matching is by hostname only; the page itself is
 * never read. The built-in sites ({@link ./sensitive-sites}) are kept out by
 * the manifest, so the content script never runs there and does not carry
 * their list; it checks the host labels and the user's list itself.
 *
 * Pattern forms (built-in and user list alike):
 * - `example.com` matches example.com and every subdomain (`*.example.com`
 *   and `www.example.com` are accepted and mean the same);
 * - a single label such as `bank` is a TLD pattern: matches every `*.bank`;
 * - user entries may be pasted as URLs (`https://www.example.com/path`): the
 *   scheme, path, port and a leading `www.` are ignored.
 * Additionally, a hostname whose labels include one of
 * {@link SENSITIVE_HOST_LABELS} (e.g. `onlinebanking.example.com`,
 * `mychart.hospital.org`, `webmail.isp.net`) is dormant.
 */

/** Hostname labels that mark a sensitive sub-site wherever it is hosted. */
export const SENSITIVE_HOST_LABELS: ReadonlySet<string> = new Set([
  'banking',
  'onlinebanking',
  'netbanking',
  'ebanking',
  'internetbanking',
  'mobilebanking',
  'webmail',
  'mychart',
  'patientportal',
  'myhealth',
]);

/** Normalise a hostname or a user-typed pattern/URL into a bare lowercase domain, or '' when unusable. */
export function normalizeHostPattern(input: string): string {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, ''); // scheme
  s = s.replace(/[/?#].*$/, ''); // path, query, hash
  s = s.replace(/^[^@]*@/, ''); // userinfo
  s = s.replace(/:\d*$/, ''); // port
  s = s.replace(/^\*\./, '').replace(/^\.+/, '').replace(/\.+$/, '');
  s = s.replace(/^www\d*\./, '');
  return /^[a-z0-9.-]+$/.test(s) || /^\[[0-9a-f:.]+\]$/.test(s) ? s : '';
}

export function matchesDomain(host: string, domain: string): boolean {
  return (
    host === domain ||
    (host.length > domain.length && host.endsWith(domain) && host.charAt(host.length - domain.length - 1) === '.')
  );
}

/**
 * Whether the content script should stay dormant on `hostname` by the rules it
 * checks itself: sensitive host labels, or the user's own blocked list. The
 * list is as stored: normalised by {@link normalizeHostPattern} when the
 * settings write it (utils/settings/preferences.ts), so the content script
 * need not carry the normaliser.
 */
export function isDormantByRule(hostname: string, userBlocked: readonly string[] = []): boolean {
  const host = hostname.trim().toLowerCase().replace(/\.+$/, '');
  const labels = host.split('.');
  return (
    userBlocked.some((domain) => domain && matchesDomain(host, domain)) ||
    labels.some((label, i) => i < labels.length - 1 && SENSITIVE_HOST_LABELS.has(label))
  );
}
