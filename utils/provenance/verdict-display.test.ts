import { describe, expect, it } from 'vitest';
import { ProvenanceStrengthSchema, ProvenanceVerdictSchema } from '../contract';
import { badgeDescription, badgeText, VERDICT_DISPLAY } from './verdict-display';

describe('verdict display', () => {
  it('gives every verdict its own icon and words', () => {
    const verdicts = ProvenanceVerdictSchema.options;
    expect(new Set(verdicts.map((v) => VERDICT_DISPLAY[v].icon)).size).toBe(verdicts.length);
    expect(new Set(verdicts.map((v) => VERDICT_DISPLAY[v].short)).size).toBe(verdicts.length);
  });

  it('always writes the strength out, except when there is no evidence at all', () => {
    for (const verdict of ProvenanceVerdictSchema.options) {
      for (const strength of ProvenanceStrengthSchema.options) {
        const text = badgeText({ verdict, strength });
        if (strength === 'none') expect(text).toBe(VERDICT_DISPLAY[verdict].short);
        else expect(text).toContain(strength);
        expect(badgeDescription({ verdict, strength })).toMatch(/^Provenance: /);
      }
    }
    expect(badgeText({ verdict: 'ai-generated', strength: 'signed' })).toBe('AI · signed');
    expect(badgeText({ verdict: 'unknown', strength: 'none' })).toBe('Unknown');
  });
});
