import { describe, expect, it } from 'vitest';
import { classifyGeneratorText, classifyUserComment, knownGeneratorName } from './generator-metadata';

describe('generator metadata', () => {
  it('recognises AUTOMATIC1111 parameters', () => {
    expect(
      classifyGeneratorText(
        'parameters',
        'a cat\nNegative prompt: dog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1',
      )?.tool,
    ).toMatch(/AUTOMATIC1111/);
    expect(classifyGeneratorText('parameters', 'just some words')).toBeNull();
  });

  it('recognises ComfyUI prompt and workflow graphs, not arbitrary JSON', () => {
    expect(classifyGeneratorText('prompt', '{"3":{"class_type":"KSampler","inputs":{"seed":1}}}')?.tool).toMatch(
      /ComfyUI/,
    );
    expect(classifyGeneratorText('workflow', '{"last_node_id":1,"nodes":[]}')?.tool).toMatch(/ComfyUI/);
    expect(classifyGeneratorText('prompt', '{"a":1}')).toBeNull();
    expect(classifyGeneratorText('prompt', 'not json')).toBeNull();
  });

  it('recognises InvokeAI, Fooocus and NovelAI keys', () => {
    expect(classifyGeneratorText('invokeai_metadata', '{}')?.tool).toBe('InvokeAI');
    expect(classifyGeneratorText('sd-metadata', '{}')?.tool).toMatch(/InvokeAI/);
    expect(classifyGeneratorText('Dream', '"x" -s 50')?.tool).toMatch(/InvokeAI/);
    expect(classifyGeneratorText('fooocus_scheme', 'fooocus')?.tool).toBe('Fooocus');
    expect(classifyGeneratorText('Software', 'NovelAI')?.tool).toBe('NovelAI');
    expect(classifyGeneratorText('Comment', '{"steps":28,"sampler":"k_euler","uc":"bad"}')?.tool).toBe('NovelAI');
    expect(classifyGeneratorText('Software', 'GIMP 2.10')).toBeNull();
  });

  it('stays linear on hostile whitespace', () => {
    const started = performance.now();
    expect(classifyGeneratorText('parameters', `${'\n'.repeat(1_000_000)} x`)).toBeNull();
    expect(classifyUserComment(`${' \n\t'.repeat(300_000)}Steps`)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('recognises parameters in EXIF UserComment', () => {
    expect(classifyUserComment('photo of a duck\nNegative prompt: x\nSteps: 15, Sampler: UniPC')).not.toBeNull();
    expect(classifyUserComment('Shot on a sunny day')).toBeNull();
  });

  it('names known generators (as hints) but not cameras or editors', () => {
    expect(knownGeneratorName('Stable Diffusion XL')).toBe('Stable Diffusion');
    expect(knownGeneratorName('Adobe Firefly')).toBe('Adobe Firefly');
    expect(knownGeneratorName('Image Creator from Designer')).toBe('Microsoft Image Creator');
    expect(knownGeneratorName('Adobe Photoshop 26.9 (Windows)')).toBeNull();
    expect(knownGeneratorName('Ver.01.00')).toBeNull();
    expect(knownGeneratorName(undefined)).toBeNull();
  });
});
