import { z } from 'zod';
import { httpUrl, text } from './text';

/**
 * Provenance of an image: where it honestly seems to come from, how strong
 * that finding is, and the evidence behind it. The verdict never claims more
 * than the evidence allows: "camera-or-human" needs verified Content
 * Credentials, and the absence of evidence is "unknown", never "human".
 */
export const ProvenanceVerdictSchema = z.enum(['ai-generated', 'ai-edited', 'camera-or-human', 'unknown']);
export type ProvenanceVerdict = z.infer<typeof ProvenanceVerdictSchema>;

/**
 * How much the verdict can be relied on, strongest first:
 * - verified: C2PA intact and the signer chains to a configured trust anchor
 * - signed: C2PA intact, but the signer could not be trusted (not on the list, expired, no list configured)
 * - declared: unsigned metadata or a watermark says so
 * - hint: a weak signal that is not enough for a verdict
 * - none: nothing usable
 */
export const ProvenanceStrengthSchema = z.enum(['verified', 'signed', 'declared', 'hint', 'none']);
export type ProvenanceStrength = z.infer<typeof ProvenanceStrengthSchema>;

export const ProvenanceEvidenceSourceSchema = z.enum(['c2pa', 'xmp', 'iptc', 'png-text', 'exif', 'watermark']);
export type ProvenanceEvidenceSource = z.infer<typeof ProvenanceEvidenceSourceSchema>;

export const ProvenanceEvidenceSchema = z.object({
  source: ProvenanceEvidenceSourceSchema,
  /** The metadata field, e.g. `Iptc4xmpExt:DigitalSourceType`, `parameters`, `c2pa.actions`. */
  field: z.string(),
  /** The value found, shortened for display. */
  value: z.string(),
  /** Who signed it (C2PA only): organisation and/or certificate common name. */
  signer: z.string().optional(),
  /** The tool or generator named by the evidence. */
  tool: z.string().optional(),
  /** Whether signed data still matches the file (C2PA only). */
  integrity: z.enum(['valid', 'invalid']).optional(),
  /** Whether the signer chains to a configured trust anchor (C2PA only). */
  trust: z.enum(['trusted', 'untrusted', 'unchecked']).optional(),
  /** Validation failure codes reported by the C2PA validator. */
  failureCodes: z.array(z.string()).optional(),
});
export type ProvenanceEvidence = z.infer<typeof ProvenanceEvidenceSchema>;

/**
 * Whether more is coming for this image:
 * - final: the full analysis; asking again gives the same answer.
 * - provisional: a first answer given before full C2PA validation finished (it would have taken
 *   too long). It never claims more than unvalidated data shows (at most `declared`); validation
 *   continues on the server, and `GET /v1/provenance/{sha256}` returns the final answer once it is ready.
 * Absent in answers from older servers, which are always final.
 */
export const ProvenanceStatusSchema = z.enum(['provisional', 'final']);
export type ProvenanceStatus = z.infer<typeof ProvenanceStatusSchema>;

export const ProvenanceResultSchema = z.object({
  verdict: ProvenanceVerdictSchema,
  strength: ProvenanceStrengthSchema,
  /** One line a person can read, e.g. "AI-generated: signed Content Credentials from OpenAI". */
  summary: z.string(),
  evidence: z.array(ProvenanceEvidenceSchema),
  warnings: z.array(z.string()),
  /** Hex SHA-256 of the analysed bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  status: ProvenanceStatusSchema.default('final'),
});
export type ProvenanceResult = z.infer<typeof ProvenanceResultSchema>;

/** `POST /v1/provenance` body: the image to fetch and analyse. */
export const ProvenanceRequestSchema = z.object({
  url: httpUrl(4096),
});
export type ProvenanceRequest = z.infer<typeof ProvenanceRequestSchema>;

/** `GET /v1/provenance/{sha256}` path parameter: the lower-case hex SHA-256 a result carries. */
export const ProvenanceHashSchema = text().regex(
  /^[0-9a-f]{64}$/,
  'a lower-case hex SHA-256 (64 characters) is required',
);
