import type { ImageRecord } from '@/utils/page-scan';
import { sendToBackground } from '../../protocols/content-sender';
import type { PageVerdict } from '../../protocols/background-protocol';
import type { PageReport } from '../../page-scan/content/report-page';

const STYLE =
  '.b{position:fixed;top:0;left:0;font:600 11px/1 system-ui;padding:3px 7px;border-radius:999px;background:#fff;color:#55555f;border:1px solid currentColor;box-shadow:0 1px 4px #0004;white-space:nowrap}' +
  '.b[data-verdict=ai-generated]{color:#6d35d0}.b[data-verdict=ai-edited]{color:#9a5b00}.b[data-verdict=camera-or-human]{color:#1f7a45}';

/**
 * Small provenance badges over the page's images (a setting, off by default).
 * Only images on screen are checked, through the background and Loupe's
 * backend, once each; badges live in their own shadow root in one fixed layer
 * that never catches the pointer or changes the page's layout.
 */
export function startPageBadges(report: PageReport, signal: AbortSignal) {
  const host = document.createElement('loupe-badges');
  host.setAttribute('style', 'all:initial;position:fixed;top:0;left:0;z-index:2147483646;pointer-events:none');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  shadow.append(style);
  document.documentElement.append(host);

  const recordOf = new Map<Element, ImageRecord>();
  const verdicts = new Map<string, Promise<PageVerdict | null>>();
  const badges = new Map<Element, HTMLElement>();

  const place = () => {
    for (const [element, badge] of badges) {
      const rect = element.getBoundingClientRect();
      badge.style.transform = `translate(${Math.round(rect.left + 6)}px,${Math.round(rect.top + 6)}px)`;
    }
  };
  let frame = 0;
  const placeSoon = () => (frame ||= requestAnimationFrame(() => ((frame = 0), place())));

  async function show(element: Element) {
    const record = recordOf.get(element);
    if (!record || badges.has(element)) return;
    let verdict = verdicts.get(record.url);
    if (!verdict) {
      const reply = sendToBackground('provenance/verdict', { imageUrl: record.url, frameUrl: record.frameUrl });
      verdicts.set(record.url, (verdict = reply.then((answer) => (answer.ok && answer.value) || null)));
    }
    const found = await verdict;
    if (!found || signal.aborted || badges.has(element) || !element.isConnected) return;
    const badge = document.createElement('span');
    badge.className = 'b';
    badge.dataset.verdict = found.verdict;
    badge.dataset.strength = found.strength;
    badge.dataset.src = record.url;
    badge.textContent = found.text; // text only: never markup
    badge.title = found.description;
    shadow.append(badge);
    badges.set(element, badge);
    placeSoon();
  }

  const hide = (element: Element) => {
    badges.get(element)?.remove();
    badges.delete(element);
  };

  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) void (entry.isIntersecting ? show(entry.target) : hide(entry.target));
  });
  const watchImages = () => {
    for (const record of report.records()) {
      const element = report.scanner.elementFor(record.url);
      if (!element || !record.hoverEligible || recordOf.get(element) === record) continue;
      recordOf.set(element, record);
      seen.observe(element);
    }
  };
  watchImages();
  const stopWatching = report.onChange(watchImages);

  addEventListener('scroll', placeSoon, { capture: true, passive: true, signal });
  addEventListener('resize', placeSoon, { passive: true, signal });
  signal.addEventListener('abort', () => {
    stopWatching();
    seen.disconnect();
    cancelAnimationFrame(frame);
    host.remove();
  });
}
