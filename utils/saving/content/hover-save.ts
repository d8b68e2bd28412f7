import type { ImageRecord } from '@/utils/page-scan';
import { cleanText } from '@/utils/page-scan/optout';
import { i18n } from '../../lib/messaging/content-extension-api';
import { sendToBackground } from '../../protocols/content-sender';
import type { PageScanner } from '@/utils/page-scan/scanner';

/**
 * The hover Save button. It lives in a closed shadow root inside one fixed
 * element, so the page's CSS cannot reach it, it cannot reach the page, and it
 * never takes part in the page's layout. It appears over a qualifying image on
 * hover, or when keyboard focus reaches the image (then it is placed right
 * after the focused element, so Tab moves to it next).
 */
const HOST_TAG = 'loupe-save-button';
const HIDE_DELAY_MS = 250;

const STYLE =
  'button{font:600 13px/1 system-ui;color:#fff;background:#b4235a;border:0;border-radius:999px;padding:8px 14px;cursor:pointer;box-shadow:0 2px 8px #0004}' +
  'button:focus-visible{outline:3px solid #2257d6;outline-offset:2px}button[data-state=saved]{background:#1f7a45}button[data-state=error]{background:#b3261e}';

/**
 * `isEnabled` says whether the button is on for this page; `minSide` is the
 * smallest rendered side (CSS px) an image needs for it.
 */
export function startHoverSave(
  scanner: PageScanner,
  signal: AbortSignal,
  isEnabled: () => boolean,
  minSide: () => number,
) {
  /** Made at the first qualifying hover, not on start-up: most pages never need it (its words alone cost ms to look up). */
  function createUi() {
    const host = document.createElement(HOST_TAG);
    host.setAttribute('style', 'all:initial;position:fixed;top:0;left:0;z-index:2147483647;display:none');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    const button = document.createElement('button');
    button.type = 'button';
    shadow.append(style, button);
    button.addEventListener('click', () => void onClick(), { signal });
    button.addEventListener('keydown', (event) => event.key === 'Escape' && hide(), { signal });
    host.addEventListener('mouseleave', hideSoon, { signal });
    signal.addEventListener('abort', () => host.remove());
    return { host, button };
  }
  let view: ReturnType<typeof createUi> | undefined;
  const ui = () => (view ??= createUi());

  let current: { element: Element; record: ImageRecord } | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The qualifying image shown by this element or one of its close ancestors (a
   * link, a figure, a card under an overlay). The scanner classifies just these
   * few elements, so the button needs no scan of the page.
   */
  function recordFor(
    target: EventTarget | null,
    pointer?: { x: number; y: number },
  ): { element: Element; record: ImageRecord } | undefined {
    for (
      let element = target instanceof Element ? target : null, depth = 0;
      element && depth < 4;
      element = element.parentElement, depth++
    ) {
      let candidate: Element | null = element;
      let record = scanner.describe(element);
      // Focus lands on a link or button that wraps the image, the pointer on an overlay: look inside (only
      // then), and for the pointer only at an image under it, not the first of a row of products.
      if (
        !record &&
        (candidate = element.querySelector('img, video[poster]')) &&
        (!pointer || under(candidate, pointer))
      )
        record = scanner.describe(candidate);
      if (record && candidate) {
        const fits = record.hoverEligible && Math.min(record.renderedWidth, record.renderedHeight) >= minSide();
        return fits && record.saveAllowed && /^https?:/.test(record.url) ? { element: candidate, record } : undefined;
      }
    }
    return undefined;
  }

  const under = (element: Element, { x, y }: { x: number; y: number }) => {
    const box = element.getBoundingClientRect();
    return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  };

  function place() {
    if (!current) return;
    const rect = current.element.getBoundingClientRect();
    if (rect.bottom < 0 || rect.top > innerHeight || rect.width === 0) return hide();
    const { host } = ui();
    const width = host.offsetWidth || 70;
    host.style.top = `${Math.max(0, rect.top) + 8}px`;
    host.style.left = `${Math.max(0, rect.right - width - 8)}px`;
  }

  function show(found: { element: Element; record: ImageRecord }, { afterFocused }: { afterFocused?: Element } = {}) {
    clearTimeout(hideTimer);
    const { host } = ui();
    if (current?.record.url !== found.record.url || !host.dataset.state) setState('idle');
    current = found;
    const parent = afterFocused ?? document.documentElement;
    if (afterFocused ? afterFocused.nextSibling !== host : host.parentNode !== parent) {
      if (afterFocused) afterFocused.after(host);
      else parent.append(host);
    }
    host.style.display = 'block';
    place();
  }

  function hide() {
    clearTimeout(hideTimer);
    if (view) view.host.style.display = 'none';
    current = undefined;
  }
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  };

  function setState(state: 'idle' | 'saving' | 'saved' | 'error', text?: string) {
    const { host, button } = ui();
    button.dataset.state = state;
    host.dataset.state = state; // readable from outside the closed root, for tests and diagnostics
    button.textContent = text ?? i18n.t('hoverButton.save');
    button.setAttribute('aria-label', text ?? i18n.t('hoverButton.saveLabel'));
  }
  const stateShown = () => view?.button.dataset.state;

  const imageToSave = (record: ImageRecord) => {
    const width = record.naturalWidth ?? record.renderedWidth;
    const height = record.naturalHeight ?? record.renderedHeight;
    return {
      imageUrl: record.url,
      pageUrl: /^https?:/.test(location.href) ? location.href : undefined,
      pageTitle: cleanText(document.title, 500) || undefined,
      altText: record.alt || undefined,
      width: width ? Math.round(width) : undefined,
      height: height ? Math.round(height) : undefined,
    };
  };

  /** First click saves to the last board; a click on the confirmation ("change board") opens the board picker. */
  async function onClick() {
    if (!current) return;
    const { record } = current;
    if (stateShown() === 'saved') {
      await sendToBackground('save/choose-board', imageToSave(record));
      setState('saved', i18n.t('hoverButton.pickBoard'));
      return;
    }
    setState('saving', i18n.t('hoverButton.saving'));
    const reply = await sendToBackground('save/quick', imageToSave(record));
    if (reply.ok) setState('saved', i18n.t('hoverButton.savedTo', [reply.value.boardName]));
    else setState('error', i18n.t('hoverButton.failed', [reply.error || i18n.t('hoverButton.noAnswer')]));
  }

  const listen = <K extends keyof DocumentEventMap>(type: K, listener: (event: DocumentEventMap[K]) => void) =>
    document.addEventListener(type, listener, { capture: true, passive: true, signal });

  listen('mouseover', (event) => {
    if (view && event.target === view.host) return clearTimeout(hideTimer);
    if (!isEnabled()) return current && hide(); // turned off while showing: it goes at the next move
    const found = recordFor(event.target, { x: event.clientX, y: event.clientY });
    if (found) show(found);
    else if (current && !current.element.contains(event.target as Node)) hideSoon();
  });
  listen('focusin', (event) => {
    if ((view && event.target === view.host) || !isEnabled()) return;
    const found = recordFor(event.target);
    if (found) show(found, { afterFocused: event.target as Element });
    else if (current) hideSoon();
  });
  listen('scroll', () => current && requestAnimationFrame(place));

  return {
    hide,
    /** The keyboard shortcut: saves the image the button is showing (as a click on it would). */
    async saveShown(): Promise<{ saved: boolean }> {
      if (!current || stateShown() === 'saving') return { saved: false };
      if (stateShown() === 'saved') setState('idle'); // a second press saves again, not "change board"
      await onClick();
      return { saved: stateShown() === 'saved' };
    },
  };
}
