import { describe, expect, it } from 'vitest';
import { ProvenanceRequestSchema, ProvenanceResultSchema } from '../../../utils/contract/provenance';

describe('provenance contract', () => {
  it('accepts http(s) URLs only', () => {
    expect(ProvenanceRequestSchema.safeParse({ url: 'https://shop.example/a.jpg' }).success).toBe(true);
    for (const url of ['ftp://x/a.png', 'javascript:alert(1)', 'data:image/png;base64,AA', 'nope', '']) {
      expect(ProvenanceRequestSchema.safeParse({ url }).success).toBe(false);
    }
    expect(ProvenanceRequestSchema.safeParse({ url: `https://x.example/${'a'.repeat(5000)}` }).success).toBe(false);
  });

  it('describes a result', () => {
    const result = {
      verdict: 'ai-generated',
      strength: 'signed',
      summary: 'AI-generated, according to Content Credentials signed by OpenAI',
      evidence: [
        {
          source: 'c2pa',
          field: 'c2pa.manifest',
          value: 'c2pa.created',
          signer: 'OpenAI',
          integrity: 'valid',
          trust: 'untrusted',
          failureCodes: ['signingCredential.untrusted'],
        },
      ],
      warnings: [],
      sha256: 'a'.repeat(64),
    };
    // An answer without `status` (an older server) is final.
    expect(ProvenanceResultSchema.parse(result)).toEqual({ ...result, status: 'final' });
    expect(ProvenanceResultSchema.parse({ ...result, status: 'provisional' }).status).toBe('provisional');
    expect(ProvenanceResultSchema.safeParse({ ...result, status: 'pending' }).success).toBe(false);
    expect(ProvenanceResultSchema.safeParse({ ...result, verdict: 'human' }).success).toBe(false);
    expect(ProvenanceResultSchema.safeParse({ ...result, sha256: 'xyz' }).success).toBe(false);
  });
});
