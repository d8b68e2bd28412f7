import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const schemes = ['light', 'dark'] as const;
/** WCAG 2.1 AA includes its level A criteria: `wcag21a` holds 2.5.3 Label in Name (speech users say what they see). */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core on the page as it is now, in light and dark: no serious or critical
 * WCAG 2.0/2.1 A/AA violation. A failure lists each violation with the elements it
 * found, so it can be fixed from the log.
 */
export async function expectNoSeriousViolations(page: Page, screen: string) {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    // Let transitions and the skeletons' pulse settle, so colour contrast is measured on final colours.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(
      serious.map((violation) => describeViolation(violation)).join('\n\n'),
      `${screen}, ${colorScheme}: serious or critical accessibility violations`,
    ).toBe('');
  }
  await page.emulateMedia({ colorScheme: null });
}

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];
function describeViolation(violation: Violation): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ')}`);
  const more = violation.nodes.length > 5 ? [`    …and ${violation.nodes.length - 5} more`] : [];
  return [`[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})`, ...nodes, ...more].join(
    '\n',
  );
}
