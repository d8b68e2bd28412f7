import { defineContentScript } from '#imports';
import { contentProtocol } from '@/utils/protocols/content-protocol';
import { createReceiver } from '@/utils/lib/messaging/receiver';
import { isDormantByRule } from '@/utils/page-scan/dormant';
import { PAGE_SETTING_KEYS, type PageBehaviour, pageBehaviourFrom } from '@/utils/settings/page-behaviour';
import { extension, onMessage, ownIdentity } from '../../utils/lib/messaging/content-extension-api';
import { sendToBackground } from '../../utils/protocols/content-sender';
import { startHoverSave } from '../../utils/saving/content/hover-save';
import { startPageBadges } from '../../utils/provenance/content/page-badges';
import { isTopFrame, startPageReport } from '../../utils/page-scan/content/report-page';

// Runs in every frame of every page: keep it small (no React, no zod) and quiet.
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  async main(ctx) {
    // Start-up is all Loupe costs a page nobody asks about: measured (main-thread time before and after
    // the settings arrive) and, with the performanceMarks setting, put in the page's timeline for the bench.
    const started = performance.now();
    const settingKeys = Object.values(PAGE_SETTING_KEYS);
    const stored = extension.storage.sync.get(settingKeys).catch(() => ({}));
    let busyMs = performance.now() - started;
    let settings: PageBehaviour = pageBehaviourFrom(await stored);
    const resumed = performance.now();
    const host = location.hostname;
    /** The toolbar count and the on-page badges need the page's list whether or not a panel shows it. */
    const listNeededAnyway = () => settings.countImages || settings.onPageBadges;
    let features: AbortController | undefined;

    const receive = createReceiver(
      contentProtocol,
      {
        'content/ping': () => ({ url: location.href, isTopFrame }),
        // Someone needs this page's list (the side panel shows this tab): scan, or report everything again.
        'content/report': () => report?.start(),
        'content/product': () => report?.sendProduct(),
        'content/save-hovered': () => hover?.saveShown() ?? { saved: false },
      },
      ownIdentity(),
    );
    const stopReceiving = onMessage(receive);
    ctx.onInvalidated(() => {
      stopReceiving();
      features?.abort();
    });

    let report: ReturnType<typeof startPageReport> | undefined;
    let badges: AbortController | undefined;
    let hover: ReturnType<typeof startHoverSave> | undefined;
    /** Starts or stops Loupe on this page as the settings say, without a reload. */
    function apply() {
      const dormant = isDormantByRule(host, settings.blockedSites);
      if (dormant && features) {
        features.abort();
        features = undefined;
        void sendToBackground('page/images', {
          frameUrl: report!.scanner.frameUrl,
          reset: true,
          upserted: [],
          removed: [],
        });
        report = undefined;
        hover = undefined;
      } else if (!dormant && !features) {
        features = new AbortController();
        // "A new page" goes first: the background believes this frame's messages from then on. The
        // answer says whether a side panel already shows this tab (e.g. the page loaded under it).
        const shown = sendToBackground('page/started', {});
        const pageReport = (report = startPageReport(features.signal, {
          performanceMarks: () => settings.performanceMarks,
          keepScanning: listNeededAnyway,
        }));
        hover = startHoverSave(
          report.scanner,
          features.signal,
          () => settings.hoverButton && !isDormantByRule(host, settings.hoverButtonOffSites),
          () => settings.minImageSize,
        );
        // The report read the page's product as it started, just now: a scan started now, or on the
        // answer to "page/started", need not read it again.
        if (listNeededAnyway()) pageReport.start(true);
        void shown.then((reply) => reply.ok && reply.value && !pageReport.scanning && pageReport.start(true));
      } else if (report && !report.scanning && listNeededAnyway()) {
        // A scan already running is left alone (starting it again would resend the whole list).
        report.start();
      }
      // On-page provenance badges: their own switch, and gone with the rest when Loupe goes dormant.
      if (report && settings.onPageBadges && !badges) {
        badges = new AbortController();
        startPageBadges(report, AbortSignal.any([badges.signal, features!.signal]));
      } else if (badges && (!report || !settings.onPageBadges)) {
        badges.abort();
        badges = undefined;
      }
    }
    apply();

    const onStorageChange = (changes: Record<string, unknown>, area: string) => {
      if (area !== 'sync' || !settingKeys.some((key) => key in changes)) return;
      void extension.storage.sync.get(settingKeys).then((stored) => {
        settings = pageBehaviourFrom(stored);
        apply();
      });
    };
    extension.storage.onChanged.addListener(onStorageChange);
    ctx.onInvalidated(() => extension.storage.onChanged.removeListener(onStorageChange));
    busyMs += performance.now() - resumed;
    if (settings.performanceMarks) performance.measure('loupe:start', { start: started, detail: { busyMs } });
  },
});
