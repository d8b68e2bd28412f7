import pLimit from 'p-limit';
import { createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import type { PageVerdict } from '@/utils/protocols/background-protocol';
import type { Sender } from '@/utils/lib/messaging/receiver';
import { checkProvenance, followProvisional } from '@/utils/provenance/check-provenance';
import { badgeDescription, badgeText } from '@/utils/provenance/verdict-display';
import { readConnectionSettings } from '@/utils/lib/connection';

/** While the backend is still validating, ask again this often, this many times. */
const PROVISIONAL_POLL_MS = 1500;
const PROVISIONAL_POLLS = 40;
/** Answers kept for pages (the backend keeps its own cache by content). */
const REMEMBERED = 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
    let result = await checkProvenance(api, imageUrl, where);
    for (let poll = 0; result.result.status === 'provisional' && poll < PROVISIONAL_POLLS; poll++) {
      await sleep(PROVISIONAL_POLL_MS);
      result = await followProvisional(api, result, imageUrl, where);
    }
    const { verdict, strength } = result.result;
    return { verdict, strength, text: badgeText(result.result), description: `${badgeDescription(result.result)}. ${result.result.summary}` };
  }

  return ({ imageUrl, frameUrl }: { imageUrl: string; frameUrl: string }, sender: Sender): Promise<PageVerdict | null> => {
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
