import { i18n } from '#i18n';
import type { ApiErrorTexts } from '../api-client/error-texts';

/** The API client's errors in the person's language (the client itself defaults to English for Node callers). */
export const apiErrorTexts: ApiErrorTexts = {
  unreachable: (base, reason) => i18n.t('errors.api.unreachable', [base, reason]),
  timedOut: () => i18n.t('errors.api.timedOut'),
  unexpectedShape: (base, path) => i18n.t('errors.api.unexpectedShape', [base, path]),
  notLoupe: (base, status) =>
    status ? i18n.t('errors.api.notLoupeStatus', [base, String(status)]) : i18n.t('errors.api.notLoupe', [base]),
  versionMismatch: (apiVersion, version, needed) =>
    i18n.t('errors.api.versionMismatch', [String(apiVersion), version, String(needed)]),
  noToken: () => i18n.t('errors.api.noToken'),
  tokenRefused: (base, detail) =>
    detail ? i18n.t('errors.api.tokenRefusedDetail', [base, detail]) : i18n.t('errors.api.tokenRefused', [base]),
  noProblemDocument: (base, status) => i18n.t('errors.api.noProblemDocument', [base, String(status)]),
};
