/**
 * Sites where the content script stays dormant (does not scan, does not show
 * the hover button): banking, webmail, password managers, health portals,
 * payment and tax sites. Matching is by hostname only; the page itself is
 * never read.
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

export const SENSITIVE_DOMAINS: readonly string[] = [
  // TLDs reserved for banks and insurers
  'bank',
  'insurance',
  // Banking and payments
  'chase.com',
  'bankofamerica.com',
  'wellsfargo.com',
  'citi.com',
  'citibank.com',
  'usbank.com',
  'capitalone.com',
  'pnc.com',
  'schwab.com',
  'fidelity.com',
  'vanguard.com',
  'americanexpress.com',
  'discover.com',
  'ally.com',
  'td.com',
  'tdbank.com',
  'rbcroyalbank.com',
  'scotiabank.com',
  'bmo.com',
  'hsbc.com',
  'hsbc.co.uk',
  'barclays.co.uk',
  'lloydsbank.com',
  'natwest.com',
  'santander.com',
  'santander.co.uk',
  'monzo.com',
  'revolut.com',
  'wise.com',
  'n26.com',
  'ing.com',
  'ing.de',
  'deutsche-bank.de',
  'commerzbank.de',
  'sparkasse.de',
  'bnpparibas.net',
  'credit-agricole.fr',
  'societegenerale.fr',
  'paypal.com',
  'venmo.com',
  'stripe.com',
  'coinbase.com',
  'kraken.com',
  'binance.com',
  'robinhood.com',
  'etrade.com',
  'intuit.com',
  'turbotax.intuit.com',
  'irs.gov',
  'hmrc.gov.uk',
  // Webmail
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'outlook.office365.com',
  'mail.yahoo.com',
  'mail.proton.me',
  'proton.me',
  'protonmail.com',
  'mail.aol.com',
  'mail.zoho.com',
  'fastmail.com',
  'tutanota.com',
  'tuta.com',
  'icloud.com',
  'gmx.net',
  'gmx.com',
  'web.de',
  'mail.ru',
  // Password managers and identity
  '1password.com',
  'lastpass.com',
  'bitwarden.com',
  'dashlane.com',
  'keepersecurity.com',
  'nordpass.com',
  'okta.com',
  'accounts.google.com',
  'login.microsoftonline.com',
  'login.live.com',
  'appleid.apple.com',
  // Health portals
  'mychart.com',
  'patientportal.com',
  'followmyhealth.com',
  'healthvault.com',
  'myhealth.va.gov',
  'kp.org',
  'nhs.uk',
  'doctolib.fr',
  'doctolib.de',
  'zocdoc.com',
  'teladoc.com',
  'labcorp.com',
  'questdiagnostics.com',
];

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

function matchesDomain(host: string, domain: string): boolean {
  return (
    host === domain ||
    (host.length > domain.length && host.endsWith(domain) && host.charAt(host.length - domain.length - 1) === '.')
  );
}

let builtIn: Set<string> | null = null;

/**
 * Whether the content script should stay dormant on `hostname`: built-in
 * sensitive sites, sensitive host labels, or the user's own blocked list.
 */
export function isDormantHost(hostname: string, userBlocked: readonly string[] = []): boolean {
  const host = hostname.trim().toLowerCase().replace(/\.+$/, '');
  if (!host) return false;
  for (const raw of userBlocked) {
    const d = normalizeHostPattern(raw);
    if (d && matchesDomain(host, d)) return true;
  }
  builtIn ??= new Set(SENSITIVE_DOMAINS);
  const labels = host.split('.');
  // Every suffix of the host ("a.b.c" → "a.b.c", "b.c", "c") against the built-in set: O(labels).
  for (let i = 0; i < labels.length; i++) {
    if (SENSITIVE_HOST_LABELS.has(labels[i] ?? '') && i < labels.length - 1) return true;
    if (builtIn.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}
