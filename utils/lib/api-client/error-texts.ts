/**
 * The words of the client's errors. The extension passes its translated set
 * (utils/lib/i18n/api-error-texts.ts); Node callers (tests, tools) get English.
 */
export interface ApiErrorTexts {
  unreachable(base: string, reason: string): string;
  timedOut(): string;
  unexpectedShape(base: string, path: string): string;
  notLoupe(base: string, status?: number): string;
  versionMismatch(apiVersion: number, version: string, needed: number): string;
  noToken(): string;
  tokenRefused(base: string, detail?: string): string;
  noProblemDocument(base: string, status: number): string;
}

export const englishApiErrorTexts: ApiErrorTexts = {
  unreachable: (base, reason) => `Could not reach the Loupe backend at ${base}: ${reason}`,
  timedOut: () => 'it did not answer in time',
  unexpectedShape: (base, path) =>
    `The server at ${base} answered ${path} in an unexpected shape; is it a Loupe backend of a matching version?`,
  notLoupe: (base, status) =>
    `The server at ${base} does not answer /healthz like a Loupe backend${status ? ` (HTTP ${status})` : ''}; is this the right address?`,
  versionMismatch: (apiVersion, version, needed) =>
    `The backend speaks API version ${apiVersion} (Loupe ${version}); this extension needs version ${needed}. Update whichever is older.`,
  noToken: () => 'No API token is set. Paste the token the backend printed into Loupe’s settings.',
  tokenRefused: (base, detail) => `The backend at ${base} refused the API token${detail ? `: ${detail}` : '.'}`,
  noProblemDocument: (base, status) =>
    `The server at ${base} answered HTTP ${status} without a Loupe problem document; is this the right address?`,
};
