/**
 * Recognises what local image generators write into their files: AUTOMATIC1111
 * / Forge / Fooocus "parameters", ComfyUI "prompt"/"workflow" graphs, InvokeAI,
 * NovelAI, SwarmUI, Midjourney. These are unsigned declarations (anyone can
 * write them, anyone can strip them), so they count as `declared`.
 */
export interface GeneratorDeclaration {
  /** The metadata key it was found under (PNG keyword or EXIF tag). */
  field: string;
  value: string;
  /** Which generator family wrote it. */
  tool: string;
}

const parseJsonObject = (text: string): Record<string, unknown> | null => {
  if (text.length > 4 * 1024 * 1024) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** AUTOMATIC1111's "parameters" text: prompt, optional negative prompt, then "Steps: N, Sampler: ...". */
export const looksLikeA1111Parameters = (fullText: string): boolean => {
  // The settings line comes after the prompt; 64 KiB is far more than any real prompt. Patterns
  // avoid overlapping \s runs so that hostile whitespace cannot make them backtrack quadratically.
  const text = fullText.slice(0, 65_536);
  return (
    /(?:^|\n)[ \t]*Steps:[ \t]*\d+/.test(text) ||
    (text.includes('Negative prompt:') && /(?:Sampler|CFG scale|Seed):/.test(text)) ||
    /Steps: ?\d+, ?Sampler:/.test(text)
  );
};

/** ComfyUI API "prompt": an object of node ids to { class_type, inputs }. */
const looksLikeComfyPrompt = (text: string): boolean => {
  const json = parseJsonObject(text);
  if (!json) return false;
  return Object.values(json).some(
    (node) => !!node && typeof node === 'object' && 'class_type' in node && 'inputs' in node,
  );
};

/** ComfyUI UI "workflow": { nodes: [...], links?, version? }. */
const looksLikeComfyWorkflow = (text: string): boolean => {
  const json = parseJsonObject(text);
  return !!json && Array.isArray(json.nodes) && ('version' in json || 'links' in json || 'last_node_id' in json);
};

/** NovelAI writes a JSON "Comment" with its own keys (uc = undesired content). */
const looksLikeNovelAiComment = (text: string): boolean => {
  const json = parseJsonObject(text);
  return !!json && 'steps' in json && 'sampler' in json && ('uc' in json || 'n_samples' in json || 'noise' in json);
};

/** Classify one text entry (PNG keyword + text). Returns null when it is not a generator declaration. */
export const classifyGeneratorText = (keyword: string, text: string): GeneratorDeclaration | null => {
  const key = keyword.trim();
  const lower = key.toLowerCase();
  const value = text;
  if (lower === 'parameters') {
    if (looksLikeA1111Parameters(text))
      return { field: key, value, tool: 'AUTOMATIC1111/Forge/Fooocus-style "parameters"' };
    const json = parseJsonObject(text);
    if (
      json &&
      ('prompt' in json || 'steps' in json) &&
      ('sampler' in json || 'seed' in json || 'base_model' in json || 'sampler_name' in json)
    ) {
      return { field: key, value, tool: 'Fooocus/Forge JSON "parameters"' };
    }
    if (json && 'sui_image_params' in json) return { field: key, value, tool: 'SwarmUI' };
    return null;
  }
  if (lower === 'prompt' && looksLikeComfyPrompt(text)) return { field: key, value, tool: 'ComfyUI "prompt" graph' };
  if (lower === 'workflow' && looksLikeComfyWorkflow(text)) return { field: key, value, tool: 'ComfyUI "workflow"' };
  if (lower === 'fooocus_scheme') return { field: key, value, tool: 'Fooocus' };
  if (lower === 'invokeai_metadata' || lower === 'invokeai_graph' || lower === 'invokeai_workflow')
    return { field: key, value, tool: 'InvokeAI' };
  if (lower === 'sd-metadata') return { field: key, value, tool: 'InvokeAI (legacy sd-metadata)' };
  if (lower === 'dream') return { field: key, value, tool: 'InvokeAI (legacy Dream)' };
  if (lower === 'sui_image_params') return { field: key, value, tool: 'SwarmUI' };
  if (lower === 'software' && /^\s*NovelAI\b/i.test(text)) return { field: key, value, tool: 'NovelAI' };
  if (lower === 'comment' && looksLikeNovelAiComment(text)) return { field: key, value, tool: 'NovelAI' };
  if (lower === 'description' && /\bJob ID:\s*[0-9a-f-]{8,}/i.test(text) && /--(v|niji|ar)\b/.test(text))
    return { field: key, value, tool: 'Midjourney' };
  return null;
};

/** EXIF UserComment (JPEG/WebP output of A1111, Forge, ComfyUI savers). */
export const classifyUserComment = (comment: string): GeneratorDeclaration | null => {
  if (looksLikeA1111Parameters(comment))
    return { field: 'UserComment', value: comment, tool: 'AUTOMATIC1111-style parameters' };
  if (looksLikeComfyPrompt(comment)) return { field: 'UserComment', value: comment, tool: 'ComfyUI "prompt" graph' };
  const json = parseJsonObject(comment);
  if (json && 'prompt' in json && looksLikeComfyPrompt(JSON.stringify(json.prompt)))
    return { field: 'UserComment', value: comment, tool: 'ComfyUI "prompt" graph' };
  return null;
};

/**
 * Generator names seen in Software / CreatorTool / claim generators. A name in
 * an editable text field is only a hint: it could be a label, a plug-in or a lie.
 */
const GENERATOR_NAMES: [RegExp, string][] = [
  [/stable[\s-]?diffusion|\bSDXL\b|\bSD ?(1\.5|2\.1|3(\.5)?)\b/i, 'Stable Diffusion'],
  [/midjourney/i, 'Midjourney'],
  [/dall[\s·.-]?e/i, 'DALL·E'],
  [/firefly/i, 'Adobe Firefly'],
  [/\bimagen\b/i, 'Google Imagen'],
  [/\bgemini\b/i, 'Google Gemini'],
  [/novelai/i, 'NovelAI'],
  [/comfyui/i, 'ComfyUI'],
  [/automatic1111|stable-diffusion-webui|\bforge\b/i, 'AUTOMATIC1111/Forge'],
  [/invokeai/i, 'InvokeAI'],
  [/fooocus/i, 'Fooocus'],
  [/leonardo\.?ai/i, 'Leonardo.Ai'],
  [/ideogram/i, 'Ideogram'],
  [/\bflux(\.1)?\b/i, 'FLUX'],
  [/runway(ml)?/i, 'Runway'],
  [/craiyon/i, 'Craiyon'],
  [/image creator( from designer)?|bing image/i, 'Microsoft Image Creator'],
  [/\bsora\b/i, 'OpenAI Sora'],
  [/gpt-?4o|gpt-image/i, 'OpenAI GPT image'],
  [/titan image generator/i, 'Amazon Titan Image Generator'],
  [/\bnova canvas\b/i, 'Amazon Nova Canvas'],
  [/dreamstudio|stability\.?ai/i, 'Stability AI'],
  [/\bgrok\b/i, 'xAI Grok'],
  [/\bkling\b|hailuo|\bqwen[- ]?image\b|seedream|hunyuan/i, 'generative model'],
];

export const knownGeneratorName = (text: string | undefined): string | null => {
  if (!text) return null;
  const sample = text.slice(0, 512);
  for (const [pattern, name] of GENERATOR_NAMES) if (pattern.test(sample)) return name;
  return null;
};
