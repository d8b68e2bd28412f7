import { readFile } from 'node:fs/promises';
import { env as transformersEnv } from '@huggingface/transformers';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSchema, PinSearchResponseSchema, SavePinResultSchema } from '../../../utils/contract';
import { createImageEmbedder, type ImageEmbedder } from '../catalog/embeddings';
import { productsDir, startStaticServer } from '../catalog/testing/catalog';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { vectorTestDatabases } from '../../testing/test-databases';
import { withWordTower } from './testing/word-tower';

// Tests never download models.
transformersEnv.allowRemoteModels = false;

const GALLERY = ['src000', 'src001', 'src002', 'src003', 'src004', 'src005'];

/** A copy of an image as a person might meet it again: cropped, smaller, recoloured, recompressed. */
async function transformed(bytes: Uint8Array): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const crop = { left: Math.round(width * 0.08), top: Math.round(height * 0.06) };
  return sharp(bytes)
    .extract({ ...crop, width: Math.round(width * 0.86), height: Math.round(height * 0.88) })
    .resize({ width: 180 })
    .flatten({ background: '#f4efe6' })
    .modulate({ brightness: 1.08, saturation: 0.85 })
    .jpeg({ quality: 60 })
    .toBuffer();
}

// "More like this" and search by meaning, on the databases with pgvector (PGlite; PostgreSQL with
// pgvector when LOUPE_TEST_DATABASE_URL has it, else node-postgres over PGlite's socket), with the
// fixture model. Pins are embedded in the background after their save, as in use.
for (const target of vectorTestDatabases) {
  describe.skipIf(!haveFixtures)(
    `search your saves by look on ${target.name}${haveFixtures ? '' : ` (skipped: ${fixturesSkipReason})`}`,
    { timeout: 120_000 },
    () => {
      let t: TestApp;
      let embedder: ImageEmbedder;
      let gallery: Awaited<ReturnType<typeof startStaticServer>>;
      let ada: ReturnType<typeof asUser>;
      let bob: ReturnType<typeof asUser>;
      let adaToken: string;
      let bobToken: string;
      const image = new Map<string, Uint8Array>();
      const adaPin = new Map<string, string>();
      let bobPin: string;

      beforeAll(async () => {
        for (const id of GALLERY) image.set(id, await readFile(`${productsDir}/gallery/${id}.png`));
        gallery = await startStaticServer({ dir: productsDir });
        embedder = createImageEmbedder({ modelDir: fixturePath('embed', 'hf'), modelId: 'local/mnv2-as-clip-vision' });
        // "apple" means the apple picture (src000), "stripes" the tie (src002): see testing/word-tower.ts.
        const words = new Map([
          ['apple', await transformed(image.get('src000')!)],
          ['stripes', await transformed(image.get('src002')!)],
        ]);
        t = await createTestApp(target, {
          catalog: { embedder: withWordTower(embedder, words), fetchAllowPrivate: true },
          provenance: { allowPrivate: true },
        });
        adaToken = (await t.users.create('ada')).token;
        bobToken = (await t.users.create('bob')).token;
        ada = asUser(t, adaToken);
        bob = asUser(t, bobToken);
        const adasBoard = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Finds' })).json()).id;
        for (const id of GALLERY) {
          const saved = await ada.post('/v1/pins', {
            boardId: adasBoard,
            imageUrl: `${gallery.url}/gallery/${id}.png`,
            ...(id === 'src000' ? { tags: ['apple'] } : {}),
            ...(id === 'src004' ? { note: 'an apple crate would go here' } : {}),
          });
          adaPin.set(id, SavePinResultSchema.parse(await saved.json()).pin.id);
        }
        const bobsBoard = BoardSchema.parse(await (await bob.post('/v1/boards', { name: 'Bob’s' })).json()).id;
        const saved = await bob.post('/v1/pins', { boardId: bobsBoard, imageUrl: `${gallery.url}/gallery/src001.png` });
        bobPin = SavePinResultSchema.parse(await saved.json()).pin.id;
        // The enrichment fetches each image once and hands it to the embedder, in the background.
        await t.deps.pinEnrichment.idle();
        await t.deps.pinEmbeddings.idle();
      });
      afterAll(async () => {
        await t?.close();
        await gallery?.close();
        await embedder?.close();
      });

      const similarTo = async (bytes: Uint8Array, token = adaToken, query = '') => {
        const response = await t.request(`/v1/pins/similar${query}`, {
          method: 'POST',
          body: new Blob([new Uint8Array(bytes)]),
          headers: { 'content-type': 'image/jpeg' },
          token,
        });
        expect(response.status).toBe(200);
        return PinSearchResponseSchema.parse(await response.json()).results;
      };
      const search = async (q: string) =>
        PinSearchResponseSchema.parse(await (await ada.get(`/v1/pins/search?q=${encodeURIComponent(q)}`)).json())
          .results;

      it('ranks the source pin first for a transformed copy of its image', async () => {
        for (const id of GALLERY) {
          const results = await similarTo(await transformed(image.get(id)!));
          expect(results[0]?.pin.id, id).toBe(adaPin.get(id));
          expect(results.length).toBe(GALLERY.length);
          const similarities = results.map((result) => result.similarity);
          expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
          expect(similarities[0]).toBeGreaterThan(similarities[1]!);
          expect(similarities[0]).toBeLessThanOrEqual(1);
        }
      });

      it('takes an image address, or a pin (left out of its own results)', async () => {
        const byUrl = PinSearchResponseSchema.parse(
          await (await ada.post('/v1/pins/similar?k=2', { url: `${gallery.url}/gallery/src003.png` })).json(),
        ).results;
        expect(byUrl.map((result) => result.pin.id)).toEqual([adaPin.get('src003'), expect.any(String)]);
        expect(byUrl[0]!.similarity).toBeGreaterThan(0.99);

        const byPin = PinSearchResponseSchema.parse(
          await (await ada.post('/v1/pins/similar', { pinId: adaPin.get('src003') })).json(),
        ).results;
        expect(byPin.map((result) => result.pin.id).sort()).toEqual(
          GALLERY.filter((id) => id !== 'src003')
            .map((id) => adaPin.get(id))
            .sort(),
        );
      });

      it('only ever finds the caller’s own pins', async () => {
        // Bob saved src001 too; Ada's apple picture finds only his one pin, however unlike it is.
        const results = await similarTo(await transformed(image.get('src000')!), bobToken);
        expect(results.map((result) => result.pin.id)).toEqual([bobPin]);
        await expectProblem(await bob.post('/v1/pins/similar', { pinId: adaPin.get('src000') }), 404);
        expect((await similarTo(await transformed(image.get('src001')!))).map((r) => r.pin.id)).not.toContain(bobPin);
      });

      it('finds pins by meaning where their text has not the word, and fuses it with text', async () => {
        // No text says "stripes": only the image of the tie means it.
        const stripes = await search('stripes');
        expect(stripes[0]).toMatchObject({ pin: { id: adaPin.get('src002') }, matched: ['meaning'] });
        // "apple": the apple picture is tagged so too (found both ways, first, similarity 1); the note
        // that mentions an apple crate is found by text; the rest, less like an apple, by meaning.
        const apple = await search('apple');
        expect(apple[0]).toMatchObject({ pin: { id: adaPin.get('src000') }, matched: ['text', 'meaning'] });
        expect(apple[0]!.similarity).toBe(1);
        const crate = apple.find((result) => result.pin.id === adaPin.get('src004'));
        expect(crate?.matched).toContain('text');
        expect(apple.map((result) => result.pin.id).sort()).toEqual([...adaPin.values()].sort());
      });

      it('embeds pins saved before search existed once, in the backfill', async () => {
        const old = [adaPin.get('src004')!, adaPin.get('src005')!];
        // As an upgrade leaves them: no vector, never looked at.
        await t.deps.database.db.execute(
          sql`UPDATE pins SET embedding = NULL, embedder_id = NULL, embedded_at = NULL WHERE id IN (${sql.join(
            old.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
        );
        const before = await similarTo(await transformed(image.get('src005')!));
        expect(before.map((result) => result.pin.id)).not.toContain(old[1]);
        expect(await t.deps.pinEmbeddings.backfill()).toBe(2);
        expect((await similarTo(await transformed(image.get('src005')!)))[0]?.pin.id).toBe(old[1]);
        expect(await t.deps.pinEmbeddings.backfill()).toBe(0);
      });

      it('refuses what is not an image, and an unknown pin', async () => {
        const send = (body: string | Blob, type: string) =>
          t.request('/v1/pins/similar', { method: 'POST', body, headers: { 'content-type': type }, token: adaToken });
        await expectProblem(await send('hello', 'text/plain'), 415);
        await expectProblem(await send(new Blob([new Uint8Array([1, 2, 3, 4])]), 'image/png'), 400);
        await expectProblem(await ada.post('/v1/pins/similar', { pinId: crypto.randomUUID() }), 404);
        await expectProblem(await ada.post('/v1/pins/similar', { url: 'ftp://example.com/a.png' }), 400);
      });
    },
  );
}
