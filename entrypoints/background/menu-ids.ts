/** The right-click menu's item ids (no imports: tests dispatch clicks with them). */
export const MENU = {
  saveToLast: 'loupe-save-to-last',
  saveToBoard: 'loupe-save-to-board',
  findSimilar: 'loupe-find-similar',
  checkProvenance: 'loupe-check-provenance',
  /** "Search the web ▸": its items are `webSearchItem(engineId)`, one per engine that is on. */
  webSearch: 'loupe-web-search',
} as const;

export const webSearchItem = (engineId: string) => `${MENU.webSearch}/${engineId}`;
