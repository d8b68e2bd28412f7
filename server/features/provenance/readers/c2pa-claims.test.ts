import { describe, expect, it } from 'vitest';
import { interpretC2paStore } from './c2pa-claims';
import type { C2paManifest, C2paStore } from './c2pa-wasm';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const actions = (...list: Record<string, unknown>[]) => ({ label: 'c2pa.actions.v2', data: { actions: list } });
const manifest = (extra: Partial<C2paManifest>): C2paManifest => ({
  signature_info: { issuer: 'Example Org', common_name: 'Example Signer' },
  claim_generator: 'test/1.0',
  ...extra,
});
const store = (
  manifests: Record<string, C2paManifest>,
  failures: string[] = ['signingCredential.untrusted'],
  success: string[] = [],
): C2paStore => ({
  active_manifest: 'urn:active',
  manifests,
  validation_results: {
    activeManifest: { failure: failures.map((code) => ({ code })), success: success.map((code) => ({ code })) },
  },
});

describe('interpretC2paStore', () => {
  it('reads an AI creation in the active manifest', () => {
    const finding = interpretC2paStore(
      store({
        'urn:active': manifest({
          assertions: [
            actions({
              action: 'c2pa.created',
              digitalSourceType: `${IPTC}trainedAlgorithmicMedia`,
              softwareAgent: { name: 'Gen 1' },
            }),
          ],
        }),
      }),
      true,
    );
    expect(finding).toMatchObject({
      claim: 'ai-generated',
      tool: 'Gen 1',
      integrity: 'valid',
      trust: 'untrusted',
      claimLocation: 'active manifest',
      signer: 'Example Org (CN Example Signer)',
    });
  });

  it('counts an AI origin found in a parent ingredient manifest', () => {
    const finding = interpretC2paStore(
      store({
        'urn:active': manifest({
          assertions: [actions({ action: 'c2pa.opened' })],
          ingredients: [{ relationship: 'parentOf', active_manifest: 'urn:parent' }],
        }),
        'urn:parent': manifest({
          assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${IPTC}trainedAlgorithmicMedia` })],
        }),
      }),
      true,
    );
    expect(finding).toMatchObject({ claim: 'ai-generated', claimLocation: 'ingredient manifest' });
  });

  it('treats an AI component as an AI edit, and inputs as nothing', () => {
    const component = interpretC2paStore(
      store({
        'urn:active': manifest({
          assertions: [
            actions({ action: 'c2pa.created', digitalSourceType: `${IPTC}digitalCapture` }, { action: 'c2pa.placed' }),
          ],
          ingredients: [
            { relationship: 'componentOf', active_manifest: 'urn:c' },
            { relationship: 'componentOf', active_manifest: 'urn:d' },
          ],
        }),
        'urn:c': manifest({
          assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${IPTC}trainedAlgorithmicMedia` })],
        }),
        'urn:d': manifest({}),
      }),
      true,
    );
    expect(component?.claim).toBe('ai-edited');
    const input = interpretC2paStore(
      store({
        'urn:active': manifest({ ingredients: [{ relationship: 'inputTo', active_manifest: 'urn:c' }] }),
        'urn:c': manifest({
          assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${IPTC}trainedAlgorithmicMedia` })],
        }),
      }),
      true,
    );
    expect(input?.claim).toBe('none');
  });

  it('separates integrity failures from trust failures', () => {
    const untrusted = interpretC2paStore(
      store({ 'urn:active': manifest({}) }, ['signingCredential.untrusted', 'signingCredential.expired']),
      true,
    );
    expect(untrusted).toMatchObject({ integrity: 'valid', trust: 'untrusted', integrityFailures: [] });
    const tampered = interpretC2paStore(
      store({ 'urn:active': manifest({}) }, ['signingCredential.untrusted', 'assertion.dataHash.mismatch']),
      true,
    );
    expect(tampered).toMatchObject({ integrity: 'invalid', integrityFailures: ['assertion.dataHash.mismatch'] });
  });

  it('is trusted only with a trust list and signingCredential.trusted', () => {
    const trusted = store({ 'urn:active': manifest({}) }, [], ['signingCredential.trusted']);
    expect(interpretC2paStore(trusted, true)?.trust).toBe('trusted');
    expect(interpretC2paStore(trusted, false)?.trust).toBe('unchecked');
  });

  it('infers AI from a legacy created action naming a generator, and capture from signed camera EXIF', () => {
    const legacy = interpretC2paStore(
      store({
        'urn:active': manifest({
          assertions: [actions({ action: 'c2pa.created', softwareAgent: 'Image Creator from Designer' })],
        }),
      }),
      true,
    );
    expect(legacy).toMatchObject({ claim: 'ai-generated', inferred: true });
    const camera = interpretC2paStore(
      store({
        'urn:active': manifest({
          assertions: [{ label: 'stds.exif', data: { 'tiff:Make': 'NIKON', 'tiff:Model': 'Z 9' } }],
        }),
      }),
      true,
    );
    expect(camera).toMatchObject({ claim: 'capture', inferred: true });
  });

  it('stops on cycles and absurd depth', () => {
    const manifests: Record<string, C2paManifest> = {
      'urn:active': manifest({ ingredients: [{ relationship: 'parentOf', active_manifest: 'urn:0' }] }),
    };
    for (let i = 0; i < 500; i++)
      manifests[`urn:${i}`] = manifest({
        ingredients: [
          { relationship: 'parentOf', active_manifest: `urn:${i + 1}` },
          { relationship: 'parentOf', active_manifest: 'urn:active' },
        ],
      });
    manifests['urn:500'] = manifest({
      assertions: [actions({ action: 'c2pa.created', digitalSourceType: `${IPTC}trainedAlgorithmicMedia` })],
    });
    const finding = interpretC2paStore(store(manifests), true);
    expect(finding?.claim).toBe('none'); // too deep to reach: bounded, not crashed
  });

  it('returns null without an active manifest', () => {
    expect(interpretC2paStore({ manifests: {} }, true)).toBeNull();
  });
});
