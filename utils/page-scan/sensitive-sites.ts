/**
 * The built-in sensitive sites: banking, webmail, password managers, health
 * portals, payment and tax sites. The manifest's `exclude_matches` keeps the
 * content script out of them altogether (wxt.config.ts), so the page is never
 * even loaded into; the settings UI asks {@link isDormantHost} to say so.
 *
 * A single label such as `bank` is a TLD: it matches every `*.bank`.
 */
import { isDormantByRule, normalizeHostPattern } from './dormant';

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

/** Match patterns for the manifest: each site and every subdomain, on any scheme. */
export const sensitiveSiteExcludeMatches = (): string[] => SENSITIVE_DOMAINS.map((domain) => `*://*.${domain}/*`);

let builtIn: Set<string> | null = null;

/** Whether `hostname` is one of the built-in sensitive sites or below one. */
export function isSensitiveSite(hostname: string): boolean {
  builtIn ??= new Set(SENSITIVE_DOMAINS);
  const labels = hostname.trim().toLowerCase().replace(/\.+$/, '').split('.');
  // Every suffix of the host ("a.b.c" → "a.b.c", "b.c", "c") against the built-in set: O(labels).
  return labels.some((_, i) => builtIn!.has(labels.slice(i).join('.')));
}

/**
 * Whether Loupe is dormant on `hostname`: a built-in sensitive site (the content
 * script is not even injected), a sensitive host label, or the user's own list.
 */
export const isDormantHost = (hostname: string, userBlocked: readonly string[] = []): boolean =>
  Boolean(hostname.trim()) &&
  (isSensitiveSite(hostname) || isDormantByRule(hostname, userBlocked.map(normalizeHostPattern)));
