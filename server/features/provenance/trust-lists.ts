import { X509Certificate } from 'node:crypto';
import path from 'node:path';

/**
 * The official C2PA trust lists, as `npm run server -- trust update` downloads them.
 * Published by the C2PA in its conformance repository, github.com/c2pa-org/conformance-public,
 * folder `trust-list/` (CC BY 4.0): the signer trust anchors and the time-stamp authority (TSA)
 * anchors, each as concatenated PEM certificates. The same files are the snapshot in the shared
 * provenance fixtures (see their EXPECTED.json).
 */
export const OFFICIAL_TRUST_LIST_URLS = {
  anchors: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TRUST-LIST.pem',
  tsa: 'https://raw.githubusercontent.com/c2pa-org/conformance-public/main/trust-list/C2PA-TSA-TRUST-LIST.pem',
} as const;

/** Where downloaded lists live: `<LOUPE_DATA_DIR>/trust/`, under the official file names. */
export const trustListDir = (dataDir: string) => path.join(dataDir, 'trust');
export const TRUST_LIST_FILES = { anchors: 'C2PA-TRUST-LIST.pem', tsa: 'C2PA-TSA-TRUST-LIST.pem' } as const;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Checks that `text` is a list of PEM certificates that all parse, and returns how many.
 * Throws with a reason otherwise (an HTML error page, a truncated download, garbage).
 */
export function countPemCertificates(text: string): number {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error('no PEM certificate in it');
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new Error(
        `certificate ${index + 1} of ${blocks.length} does not parse (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
  });
  return blocks.length;
}
