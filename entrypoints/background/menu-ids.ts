/** The right-click menu's item ids (no imports: tests dispatch clicks with them). */
export const MENU = {
  saveToLast: 'loupe-save-to-last',
  saveToBoard: 'loupe-save-to-board',
  findSimilar: 'loupe-find-similar',
  checkProvenance: 'loupe-check-provenance',
} as const;
