/**
 * Messages the background sends to Loupe's open extension pages (side panels,
 * sidebars). Few, small and answered only by pages of this extension.
 */

/** "Does your This page view show tab N?" Only a panel showing it answers (true). */
export const PANEL_SHOWS_TAB = 'panel/shows-tab';

/** "What tab N shows changed": panels showing it ask the background for the page again. */
export const PAGE_UPDATED = 'page/updated';
