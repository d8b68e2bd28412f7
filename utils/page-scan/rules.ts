/** Size rules (Pinterest-like). */

/** Smallest allowed side. */
export const MIN_SIDE = 90;
/** At least one side must reach this. */
export const MIN_LONG_SIDE = 120;
/** Both sides must reach this for the hover button. */
export const HOVER_MIN_SIDE = 120;

/** Reject under 90 px on a side, or under 120 px on both sides. */
export function passesSizeRules(width: number, height: number): boolean {
  return Math.min(width, height) >= MIN_SIDE && Math.max(width, height) >= MIN_LONG_SIDE;
}

/** Hover-button eligibility: both sides ≥ 120 px (rendered). */
export function isHoverEligible(width: number, height: number): boolean {
  return width >= HOVER_MIN_SIDE && height >= HOVER_MIN_SIDE;
}
