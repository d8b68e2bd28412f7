import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Loupe's release version, as package.json states it. */
export const LOUPE_VERSION = packageJson.version;
