/**
 * The IPTC Digital Source Type vocabulary
 * (http://cv.iptc.org/newscodes/digitalsourcetype/), as used by IPTC XMP and by
 * C2PA actions. Each code is mapped to what it means for Loupe's verdict.
 */
export type SourceTypeMeaning = 'ai-generated' | 'ai-edited' | 'synthetic' | 'capture' | 'human' | 'other';

const MEANINGS: Record<string, SourceTypeMeaning> = {
  // Generative AI
  trainedAlgorithmicMedia: 'ai-generated',
  compositeWithTrainedAlgorithmicMedia: 'ai-edited',
  // Synthetic but not necessarily generative AI ("created purely by an algorithm
  // not based on any sampled training data", e.g. fractals, procedural renders).
  algorithmicMedia: 'synthetic',
  compositeSynthetic: 'synthetic',
  // Capture of the real world
  digitalCapture: 'capture',
  negativeFilm: 'capture',
  positiveFilm: 'capture',
  print: 'capture',
  compositeCapture: 'capture',
  screenCapture: 'capture',
  virtualRecording: 'capture',
  // Made or edited by people (possibly with non-generative software)
  minorHumanEdits: 'human',
  humanEdits: 'human',
  digitalArt: 'human',
  digitalCreation: 'human',
  composite: 'human',
  // Neither: algorithmic but not generative, or not specific
  algorithmicallyEnhanced: 'other',
  dataDrivenMedia: 'other',
  softwareImage: 'other',
};

/** The code at the end of a DigitalSourceType URI (or the bare code). */
export const sourceTypeCode = (value: string): string => {
  const trimmed = value.trim().replace(/[#/]+$/, '');
  const slash = Math.max(
    trimmed.lastIndexOf('/'),
    trimmed.lastIndexOf('#'),
    trimmed.lastIndexOf(':') > 6 ? trimmed.lastIndexOf(':') : -1,
  );
  return slash >= 0 ? trimmed.slice(slash + 1) : trimmed;
};

export const sourceTypeMeaning = (value: string): SourceTypeMeaning => MEANINGS[sourceTypeCode(value)] ?? 'other';
