import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCapturedProductSchema,
  BoardProductsQuerySchema,
  FollowShopSchema,
  PinSearchQuerySchema,
  BoardSchema,
  CreateBoardSchema,
  CreateCatalogImportSchema,
  CreatePinSchema,
  IdempotencyKeySchema,
  isStorableText,
  PinPageSchema,
  ProblemSchema,
  ProductTextSearchQuerySchema,
  ProvenanceRequestSchema,
  SavedLookupRequestSchema,
  SavePinResultSchema,
  SimilarProductsQuerySchema,
  SimilarPinsRequestSchema,
  SimilarProductsRequestSchema,
  UpdateBoardSchema,
  UpdatePinSchema,
} from '../utils/contract';
import { fixedEmbedder } from './features/catalog/testing/catalog';
import { pngWith } from './features/provenance/testing/builders';
import { asUser } from './testing/api-helpers';
import { createTestApp, type TestApp } from './testing/test-app';
import { apiTestDatabases } from './testing/test-databases';

/**
 * Text is valid before it is stored. Every string field of every route is sent arbitrary Unicode:
 * NUL, lone surrogates, C0 and C1 controls, noncharacters, astral characters. Whatever comes, the
 * answer is never a 5xx; text that cannot be stored is a 400 that names the field; and what was
 * accepted is given back exactly as the contract accepted it. The fields come from the OpenAPI
 * document: a string field added to a route without a case here fails this test.
 */

/** One UTF-16 unit of any value (lone surrogates included), any code point, or characters chosen to hurt. */
const hostileChar = fc.oneof(
  fc.constantFrom(
    ...['\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\u0001', '\u0008', '\u001b', '\u001f', '\u007f'],
    ...['\u0080', '\u0085', '\u009f', '\u2028', '\ufeff', '\ufffe', '\uffff', '😀', ' ', '\\', '"', '%'],
  ),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0, max: 0x10ffff }).map((point) => String.fromCodePoint(point)),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }),
);
const hostileText = fc.array(hostileChar, { maxLength: 24 }).map((chars) => chars.join(''));

/** A field: `path.id`, `query.q`, `header.idempotency-key`, or a JSON body path (`product.name`, `tags[]` for an item). */
type Field = string;

/** A copy of `body` with `value` at `path` (`[]` makes a one-item array). */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] = { ...(at[key] as Record<string, unknown> | undefined) };
  const last = keys.at(-1)!;
  if (last.endsWith('[]')) at[last.slice(0, -2)] = [value];
  else at[last] = value;
  return copy;
}

/** The value at `path` (`[]` reads an array's first item). */
function fieldOf(body: unknown, path: string): unknown {
  let at = body;
  for (const key of path.split('.')) {
    at = (at as Record<string, unknown> | null | undefined)?.[key.replace('[]', '')];
    if (key.endsWith('[]')) at = (at as unknown[] | undefined)?.[0];
  }
  return at;
}

/** The path a validation problem names for a field: `tags[]` → `tags.0`, `query.q` → `q`. */
const problemPath = (field: Field) => field.replace(/^(query|header|path)\./, '').replace(/\[\]/g, '.0');

/** What one request did, and what the contract makes of it. */
interface Sent {
  response: Response;
  /** The text the server received in the field (a query string cannot carry a lone surrogate: it arrives as U+FFFD). */
  received: string;
  /** Whether the contract accepts the request, and the value it makes of the field. */
  contract: { accepted: true; value: unknown } | { accepted: false };
  /** After a 2xx: the stored value read back through the API (absent where the route stores nothing). */
  readBack?: () => Promise<unknown>;
}

interface RouteCase {
  fields: Field[];
  /** The text goes into the path of these fields' URLs, so that the URL is otherwise valid. */
  urls?: Field[];
  /** Answers besides 2xx that a request the contract accepts may get, and why (in a comment). */
  acceptedMayGet?: number[];
  send(field: Field, value: string): Promise<Sent>;
}

const accepted = (result: { success: boolean; data?: unknown }, path: string): Sent['contract'] =>
  result.success ? { accepted: true, value: fieldOf(result.data, path) } : { accepted: false };

const embedder = fixedEmbedder('test/text-fields');

/** Every string field of every route's request in the OpenAPI document (`METHOD /path field`). */
function stringFieldsOf(document: OpenApiDocument): string[] {
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').at(-1)!]!) : schema;
  const walk = (schema: JsonSchema, path: string): string[] => {
    const resolved = resolve(schema);
    const alternatives = [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])];
    if (alternatives.length > 0) return alternatives.flatMap((alternative) => walk(alternative, path));
    if (resolved.type === 'string') return [path];
    if (resolved.type === 'array' && resolved.items) return walk(resolved.items, `${path}[]`);
    return Object.entries(resolved.properties ?? {}).flatMap(([key, value]) =>
      walk(value, path ? `${path}.${key}` : key),
    );
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const route = `${method.toUpperCase()} ${path}`;
      const parameters = (operation.parameters ?? [])
        .filter((parameter) => resolve(parameter.schema).type === 'string')
        .map((parameter) => `${route} ${parameter.in}.${parameter.name}`);
      const json = operation.requestBody?.content['application/json']?.schema;
      return [...parameters, ...(json ? walk(json, '').map((field) => `${route} ${field}`) : [])];
    }),
  );
}
interface JsonSchema {
  $ref?: string;
  type?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string; schema: JsonSchema }[];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

describe.each(apiTestDatabases)('text fields on $name', (target) => {
  let t: TestApp;
  let user: ReturnType<typeof asUser>;
  let token: string;
  let admin: ReturnType<typeof asUser>;
  let boardId: string;
  /** A pin on a board of its own, which the PATCH cases change (other saves go to boardId). */
  let pinId: string;
  let pinBoardId: string;
  let n = 0;
  const unique = () => `${++n}-${crypto.randomUUID()}`;

  beforeAll(async () => {
    if (!target.available) return;
    // Nothing is fetched: provenance's resolver fails at once, and every other host is under .invalid.
    const offline = async (): Promise<never> => {
      throw new Error('tests stay offline');
    };
    t = await createTestApp(target, { catalog: { embedder }, provenance: { resolve: offline } });
    token = (await t.users.create('tess')).token;
    user = asUser(t, token);
    admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
    boardId = BoardSchema.parse(await (await user.post('/v1/boards', { name: 'Base' })).json()).id;
    pinBoardId = BoardSchema.parse(await (await user.post('/v1/boards', { name: 'Edited' })).json()).id;
    const saved = await user.post('/v1/pins', { boardId: pinBoardId, imageUrl: 'https://img.invalid/base.jpg' });
    pinId = SavePinResultSchema.parse(await saved.json()).pin.id;
  });
  afterAll(async () => {
    await t?.deps.pinEnrichment.idle();
    await t?.close();
  });

  const boardNamed = async (id: string) => BoardSchema.parse(await (await user.get(`/v1/boards/${id}`)).json());
  /** A pin, from the first page of its board (newest first: a pin just saved is on it). */
  const pinNamed = async (id: string, board = boardId) => {
    const page = PinPageSchema.parse(await (await user.get(`/v1/boards/${board}/pins?limit=200`)).json());
    return page.items.find((pin) => pin.id === id);
  };

  /** A query string with `value` in `name`, and what the server will decode from it. */
  const inQuery = (base: Record<string, string>, name: string, value: string) => {
    const search = new URLSearchParams({ ...base, [name]: value });
    return { search: search.toString(), values: Object.fromEntries(search), received: search.get(name)! };
  };

  const product = {
    name: 'Lamp',
    brand: 'Lumen',
    price: '149.00',
    currency: 'EUR',
    availability: 'in_stock',
    sku: 'L-1',
    gtin: '4006381333931',
    url: 'https://shop.invalid/lamp',
    images: ['https://img.invalid/lamp.jpg'],
  };
  const productFields = ['name', 'brand', 'price', 'currency', 'availability', 'sku', 'gtin', 'url', 'images[]'].map(
    (name) => `product.${name}`,
  );
  const filterFields = ['minPrice', 'maxPrice', 'currency', 'availability', 'brand', 'source'].map(
    (name) => `query.${name}`,
  );

  /** A path parameter: refused unless it is an id, and never a 5xx. */
  const pathParameter =
    (request: (value: string) => Response | Promise<Response>) =>
    async (_field: Field, value: string): Promise<Sent> => ({
      // A URL carries UTF-8: a lone surrogate can only arrive as U+FFFD.
      response: await request(encodeURIComponent(value.replace(/\p{Cs}/gu, '\uFFFD'))),
      received: value,
      contract: { accepted: false },
    });
  const pathCase = (request: (value: string) => Response | Promise<Response>): RouteCase => ({
    fields: ['path.id'],
    send: pathParameter(request),
  });

  const cases: Record<string, RouteCase> = {
    'POST /v1/boards': {
      fields: ['name', 'description'],
      acceptedMayGet: [409], // names are unique per user, and generated text repeats
      async send(field, value) {
        const body = withField({ name: unique(), description: 'd' }, field, value);
        const response = await user.post('/v1/boards', body);
        return {
          response,
          received: value,
          contract: accepted(CreateBoardSchema.safeParse(body), field),
          readBack: async () => fieldOf(await boardNamed(BoardSchema.parse(await response.clone().json()).id), field),
        };
      },
    },
    'PATCH /v1/boards/{id}': {
      fields: ['path.id', 'name', 'description'],
      acceptedMayGet: [409],
      async send(field, value) {
        if (field === 'path.id') return pathParameter((id) => user.patch(`/v1/boards/${id}`, {}))(field, value);
        const body = withField({}, field, value);
        return {
          response: await user.patch(`/v1/boards/${boardId}`, body),
          received: value,
          contract: accepted(UpdateBoardSchema.safeParse(body), field),
          readBack: async () => fieldOf(await boardNamed(boardId), field),
        };
      },
    },
    'GET /v1/boards/{id}': pathCase((id) => user.get(`/v1/boards/${id}`)),
    'DELETE /v1/boards/{id}': pathCase((id) => user.delete(`/v1/boards/${id}`)),
    'GET /v1/boards/{id}/pins': {
      fields: ['path.id', 'query.cursor'],
      acceptedMayGet: [400], // a cursor the server never gave out
      async send(field, value) {
        if (field === 'path.id') return pathParameter((id) => user.get(`/v1/boards/${id}/pins`))(field, value);
        const { search, received } = inQuery({}, 'cursor', value);
        return {
          response: await user.get(`/v1/boards/${boardId}/pins?${search}`),
          received,
          contract: { accepted: isStorableText(received) && received.length <= 64, value: received },
        };
      },
    },
    'POST /v1/pins': {
      fields: [
        'header.idempotency-key',
        'boardId',
        'imageUrl',
        'sourceUrl',
        'sourceTitle',
        'altText',
        ...productFields,
        'note',
        'tags[]',
        'colors[]',
        'provenance.verdict',
        'provenance.strength',
      ],
      urls: ['imageUrl', 'sourceUrl', 'product.url', 'product.images[]'],
      acceptedMayGet: [400], // an Idempotency-Key that is not one
      async send(field, value) {
        const base = {
          boardId,
          imageUrl: `https://img.invalid/${unique()}.jpg`,
          sourceUrl: 'https://shop.invalid/page',
          sourceTitle: 'Shop',
          altText: 'A lamp',
          product,
          note: 'n',
          tags: ['t'],
          colors: ['#aabbcc'],
        };
        if (field === 'header.idempotency-key') {
          // A header cannot carry NUL, line breaks or anything beyond U+00FF: fetch refuses to send it.
          fc.pre(/^[\u0020-\u007e\u0080-\u00ff\t]*$/.test(value) && value.trim() === value);
          const response = await user.post('/v1/pins', base, { 'idempotency-key': value });
          // Hostile text can happen to be a well-formed key ("--AA0---"): that one saves the pin.
          const contract = IdempotencyKeySchema.safeParse(value).success
            ? { accepted: true as const, value }
            : { accepted: false as const };
          return { response, received: value, contract };
        }
        const body = withField(base, field, value);
        const response = await user.post('/v1/pins', body);
        return {
          response,
          received: value,
          contract: accepted(CreatePinSchema.safeParse(body), field),
          readBack: async () =>
            fieldOf(await pinNamed(SavePinResultSchema.parse(await response.clone().json()).pin.id), field),
        };
      },
    },
    'PATCH /v1/pins/{id}': {
      fields: ['path.id', 'boardId', 'note', 'tags[]'],
      async send(field, value) {
        if (field === 'path.id') return pathParameter((id) => user.patch(`/v1/pins/${id}`, {}))(field, value);
        const body = withField({}, field, value);
        return {
          response: await user.patch(`/v1/pins/${pinId}`, body),
          received: value,
          contract: accepted(UpdatePinSchema.safeParse(body), field),
          readBack: async () => fieldOf(await pinNamed(pinId, pinBoardId), field),
        };
      },
    },
    'DELETE /v1/pins/{id}': pathCase((id) => user.delete(`/v1/pins/${id}`)),
    'POST /v1/pins/lookup': {
      fields: ['imageUrls[]'],
      async send(field, value) {
        const body = withField({}, field, value);
        return {
          response: await user.post('/v1/pins/lookup', body),
          received: value,
          contract: accepted(SavedLookupRequestSchema.safeParse(body), field),
        };
      },
    },
    'POST /v1/catalog/captured': {
      fields: [...productFields, 'pageUrl'],
      urls: ['product.url', 'product.images[]', 'pageUrl'],
      async send(field, value) {
        const body = withField({ product, pageUrl: 'https://shop.invalid/p' }, field, value);
        return {
          response: await user.post('/v1/catalog/captured', body),
          received: value,
          contract: accepted(AddCapturedProductSchema.safeParse(body), field),
        };
      },
      acceptedMayGet: [422], // a product the catalogue cannot take (no price, no image…)
    },
    'GET /v1/products/search': {
      fields: [...filterFields, 'query.q'],
      async send(field, value) {
        const { search, values, received } = inQuery({ q: 'lamp' }, problemPath(field), value);
        return {
          response: await user.get(`/v1/products/search?${search}`),
          received,
          contract: accepted(ProductTextSearchQuerySchema.safeParse(values), problemPath(field)),
        };
      },
    },
    'POST /v1/products/similar': {
      fields: [...filterFields, 'query.region', 'url', 'pinId'],
      urls: ['url'],
      // The URLs are on loopback, which the server does not fetch from; a pin id may be no pin of yours.
      acceptedMayGet: [400, 404, 422],
      async send(field, value) {
        if (field.startsWith('query.')) {
          // With an uploaded image, so that the filters reach the search itself.
          const { search, values, received } = inQuery({}, problemPath(field), value);
          return {
            response: await t.request(`/v1/products/similar?${search}`, {
              method: 'POST',
              token,
              headers: { 'content-type': 'image/png' },
              body: new Uint8Array(pngWith([])),
            }),
            received,
            contract: accepted(SimilarProductsQuerySchema.safeParse(values), problemPath(field)),
          };
        }
        const body = withField({}, field, value);
        return {
          response: await user.post('/v1/products/similar', body),
          received: value,
          contract: accepted(SimilarProductsRequestSchema.safeParse(body), field),
        };
      },
    },
    'POST /v1/provenance': {
      fields: ['header.content-digest', 'url'],
      urls: ['url'],
      acceptedMayGet: [400, 422], // a URL on loopback is not fetched
      async send(field, value) {
        if (field === 'header.content-digest') {
          fc.pre(/^[\u0020-\u007e\u0080-\u00ff\t]*$/.test(value) && value.trim() === value);
          const response = await t.request('/v1/provenance', {
            method: 'POST',
            token,
            headers: { 'content-type': 'image/png', 'content-digest': value },
            body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
          });
          return { response, received: value, contract: { accepted: false } };
        }
        const body = withField({}, field, value);
        return {
          response: await user.post('/v1/provenance', body),
          received: value,
          contract: accepted(ProvenanceRequestSchema.safeParse(body), field),
        };
      },
    },
    'GET /v1/provenance/{sha256}': {
      fields: ['path.sha256'],
      send: pathParameter((hash) => user.get(`/v1/provenance/${hash}`)),
    },
    'POST /v1/catalog/imports': {
      fields: ['url', 'source', 'format', 'currency'],
      urls: ['url'],
      acceptedMayGet: [409], // one import of a source at a time
      async send(field, value) {
        const base = { url: 'https://feeds.invalid/feed.tsv', source: `s${unique()}`, embed: false };
        const body = withField(base, field, value);
        return {
          response: await admin.post('/v1/catalog/imports', body),
          received: value,
          contract: accepted(CreateCatalogImportSchema.safeParse(body), field),
        };
      },
    },
    'GET /v1/catalog/imports/{id}': pathCase((id) => admin.get(`/v1/catalog/imports/${id}`)),
    'GET /v1/pins/search': {
      fields: ['query.q'],
      async send(field, value) {
        const { search, values, received } = inQuery({}, 'q', value);
        return {
          response: await user.get(`/v1/pins/search?${search}`),
          received,
          contract: accepted(PinSearchQuerySchema.safeParse(values), 'q'),
        };
      },
    },
    'POST /v1/pins/similar': {
      fields: ['url', 'pinId'],
      urls: ['url'],
      // The URLs are on loopback, which the server does not fetch from; a pin id may be no pin of yours;
      // the test app has no pgvector-backed pin vectors on every database.
      acceptedMayGet: [400, 404, 422, 503],
      async send(field, value) {
        const body = withField({}, field, value);
        return {
          response: await user.post('/v1/pins/similar', body),
          received: value,
          contract: accepted(SimilarPinsRequestSchema.safeParse(body), field),
        };
      },
    },
    'GET /v1/boards/{id}/products': {
      fields: ['path.id', ...filterFields],
      acceptedMayGet: [503], // without pgvector, shopping a board is unavailable
      async send(field, value) {
        if (field === 'path.id') return pathParameter((id) => user.get(`/v1/boards/${id}/products`))(field, value);
        const { search, values, received } = inQuery({}, problemPath(field), value);
        return {
          response: await user.get(`/v1/boards/${boardId}/products?${search}`),
          received,
          contract: accepted(BoardProductsQuerySchema.safeParse(values), problemPath(field)),
        };
      },
    },
    'POST /v1/shops': {
      fields: ['url'],
      urls: ['url'],
      acceptedMayGet: [400, 422], // hosts under .invalid, or loopback, are never followed
      async send(field, value) {
        const body = withField({}, field, value);
        return {
          response: await user.post('/v1/shops', body),
          received: value,
          contract: accepted(FollowShopSchema.safeParse(body), field),
        };
      },
    },
    'GET /v1/shops/{id}': pathCase((id) => user.get(`/v1/shops/${id}`)),
    'DELETE /v1/shops/{id}': pathCase((id) => user.delete(`/v1/shops/${id}`)),
    'POST /v1/shops/{id}/refresh': pathCase((id) => user.post(`/v1/shops/${id}/refresh`, {})),
  };

  it.skipIf(!target.available)('has a case for every string field of every route', async () => {
    const document = (await (await t.request('/openapi.json')).json()) as OpenApiDocument;
    const inDocument = stringFieldsOf(document).sort();
    const covered = Object.entries(cases)
      .flatMap(([route, { fields }]) => fields.map((field) => `${route} ${field}`))
      .sort();
    expect(covered).toEqual(inDocument);
  });

  for (const [route, routeCase] of Object.entries(cases)) {
    for (const field of routeCase.fields) {
      it.skipIf(!target.available)(
        `${route} ${field}: never a 5xx; unstorable text is a 400 naming it; the rest round-trips`,
        async () => {
          const asUrl = routeCase.urls?.includes(field);
          // Fetched URLs point at loopback, which is refused before anything is fetched; stored ones at .invalid.
          const host =
            route === 'POST /v1/products/similar' ||
            route === 'POST /v1/provenance' ||
            route === 'POST /v1/pins/similar'
              ? 'http://127.0.0.1'
              : 'https://img.invalid';
          const values = asUrl
            ? fc.oneof(
                hostileText.map((text) => `${host}/${text}`),
                hostileText,
              )
            : hostileText;
          await fc.assert(
            fc.asyncProperty(values, async (value) => {
              const sent = await routeCase.send(field, value);
              const { status } = sent.response;
              expect(status, `${route} ${field} = ${JSON.stringify(value)}`).toBeLessThan(500);
              if (!isStorableText(sent.received)) {
                expect(status).toBe(400);
                if (!field.startsWith('path.')) {
                  const problem = ProblemSchema.parse(await sent.response.json());
                  expect(problem.errors?.map((error) => error.path)).toContain(problemPath(field));
                }
                return;
              }
              if (!sent.contract.accepted) {
                expect(status).toBeGreaterThanOrEqual(400);
                return;
              }
              if (status >= 300) {
                expect(routeCase.acceptedMayGet ?? [], `${status} for ${JSON.stringify(value)}`).toContain(status);
                return;
              }
              if (sent.readBack) expect(await sent.readBack()).toEqual(sent.contract.value);
            }),
            { numRuns: 25 },
          );
        },
      );
    }
  }
});
