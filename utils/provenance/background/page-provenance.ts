import pLimit from 'p-limit';
import { createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import type { PageVerdict } from '@/utils/protocols/background-protocol';
import type { Sender } from '@/utils/lib/messaging/receiver';
import { checkProvenance, followProvisional } from '@/utils/provenance/check-provenance';
import { pollUntilFinal } from '@/utils/provenance/provisional-poller';
import { badgeDescription, badgeText } from '@/utils/provenance/verdict-display';
import { readConnectionSettings } from '@/utils/lib/connection';

/** Answers kept for pages (the backend keeps its own cache by content). */
const REMEMBERED = 500;

/**
 * Verdicts for on-page badges: each image checked once (three at a time, so a
 * long page does not flood the backend), followed to its final answer, and
 * remembered while the worker lives.
 */
export function createPageProvenance() {
  const checks = pLimit(3);
  const answers = new Map<string, Promise<PageVerdict | null>>();

  async function check(imageUrl: string, where: { tabId?: number; frameUrl?: string }): Promise<PageVerdict | null> {
    const { backendUrl, token } = await readConnectionSettings();
    if (!token) return null;
    const api = createApiClient({ baseUrl: backendUrl, token, texts: apiErrorTexts });
    const first = await checkProvenance(api, imageUrl, where);
    const { result } = await pollUntilFinal(first, (latest) => followProvisional(api, latest, imageUrl, where));
    return {
      verdict: result.verdict,
      strength: result.strength,
      text: badgeText(result),
      description: `${badgeDescription(result)}. ${result.summary}`,
    };
  }

  return (
    { imageUrl, frameUrl }: { imageUrl: string; frameUrl: string },
    sender: Sender,
  ): Promise<PageVerdict | null> => {
    let answer = answers.get(imageUrl);
    if (!answer) {
      answer = checks(() => check(imageUrl, { tabId: sender.tab?.id, frameUrl })).catch(() => {
        answers.delete(imageUrl); // a failure is not remembered: the next page view tries again
        return null;
      });
      answers.set(imageUrl, answer);
      if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value!);
    }
    return answer;
  };
}
