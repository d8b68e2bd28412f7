import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../server/testing/test-app';
import { createApiClient } from '../../../utils/lib/api-client';
import { ApiError } from '../../../utils/lib/api-client/api-error';
import type { AddCapturedProduct, CreatePin, SavePinResult } from '../../../utils/contract';
import { createSaveQueue, type QueuedSave } from '../../../utils/saving/save-queue';
import { createAddCapturedAfterSave } from '../../../utils/products/captured/add-after-save';

const product = {
  name: 'Rattan pendant',
  price: '89.00',
  currency: 'EUR',
  images: ['https://cdn.shop.example/pendant.jpg'],
};
const pin = (overrides: Partial<CreatePin> = {}): CreatePin => ({
  boardId: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11',
  imageUrl: 'https://cdn.shop.example/pendant-room.jpg',
  sourceUrl: 'https://shop.example/pendant',
  product,
  ...overrides,
});
const added = (request: AddCapturedProduct) => ({
  outcome: 'created' as const,
  product: { ...request.product, id: crypto.randomUUID() } as never,
});

describe('adding the captured product after a save', () => {
  it('sends nothing while the setting is off', async () => {
    const add = vi.fn(async (request: AddCapturedProduct) => added(request));
    const addAfterSave = createAddCapturedAfterSave({ isEnabled: async () => false, add });
    expect(await addAfterSave(pin())).toBe('off');
    expect(add).not.toHaveBeenCalled();
  });

  it('when on, sends the product with the page it was captured on, once per product and page', async () => {
    const add = vi.fn(async (request: AddCapturedProduct) => added(request));
    const addAfterSave = createAddCapturedAfterSave({ isEnabled: async () => true, add });
    expect(await addAfterSave(pin())).toBe('added');
    expect(add).toHaveBeenCalledWith({ product, pageUrl: 'https://shop.example/pendant' });
    // A second image saved from the same page: the product is not sent again.
    expect(await addAfterSave(pin({ imageUrl: 'https://cdn.shop.example/pendant-2.jpg' }))).toBe('recent');
    expect(await addAfterSave(pin({ product: { ...product, price: '79.00' } }))).toBe('added');
    expect(add).toHaveBeenCalledTimes(2);
  });

  it('skips, without a request, pins with no product and products the catalogue cannot take', async () => {
    const add = vi.fn(async (request: AddCapturedProduct) => added(request));
    const addAfterSave = createAddCapturedAfterSave({ isEnabled: async () => true, add });
    expect(await addAfterSave(pin({ product: undefined }))).toBe('no-product');
    expect(await addAfterSave(pin({ product: { ...product, price: undefined } }))).toBe('incomplete');
    expect(await addAfterSave(pin({ product: { ...product, images: [] } }))).toBe('incomplete');
    expect(add).not.toHaveBeenCalled();
  });

  it('never throws: a failed call is reported and the next save tries again', async () => {
    const onError = vi.fn();
    let down = true;
    const add = vi.fn(async (request: AddCapturedProduct) => {
      if (down) throw new ApiError('unreachable', 'Could not reach the Loupe backend');
      return added(request);
    });
    const addAfterSave = createAddCapturedAfterSave({ isEnabled: async () => true, add, onError });
    expect(await addAfterSave(pin())).toBe('failed');
    expect(onError).toHaveBeenCalledWith(expect.any(ApiError));
    down = false;
    expect(await addAfterSave(pin())).toBe('added');
  });

  it('runs only after the save queue delivered the pin, and a failure there leaves the queue untouched', async () => {
    let items: QueuedSave[] = [];
    const store = {
      read: async () => structuredClone(items),
      write: async (next: QueuedSave[]) => void (items = structuredClone(next)),
    };
    const order: string[] = [];
    const addAfterSave = createAddCapturedAfterSave({
      isEnabled: async () => true,
      add: async () => {
        order.push('product');
        throw new ApiError('problem', 'boom', 500);
      },
    });
    const outcomes: Promise<string>[] = [];
    const queue = createSaveQueue({
      store,
      wakeAt: () => {},
      send: async (save): Promise<SavePinResult> => (
        order.push('pin'),
        { outcome: 'created', pin: { id: save.id } as SavePinResult['pin'] }
      ),
      onSaved: (save) => void outcomes.push(addAfterSave(save.pin)),
    });
    await queue.enqueue(pin(), 'Lights');
    await queue.flush();
    expect(await Promise.all(outcomes)).toEqual(['failed']);
    expect(order).toEqual(['pin', 'product']);
    expect(items).toEqual([]); // the save was acknowledged and is gone from the queue, whatever happened to the product
  });
});

// The client against the real app (in-process), so contract drift fails here.
describe('API client: captured products', () => {
  let t: TestApp;
  let client: ReturnType<typeof createApiClient>;
  beforeAll(async () => {
    t = await createTestApp();
    const { token } = await t.users.create('cleo');
    client = createApiClient({
      baseUrl: 'http://loupe.test',
      token,
      fetch: async (input, init) => t.app.request(String(input), init),
    });
  });
  afterAll(() => t.close());

  it('adds a captured product, refuses an incomplete one with the reason, and forgets them', async () => {
    const result = await client.addCapturedProduct({ product, pageUrl: 'https://shop.example/pendant' });
    expect(result).toMatchObject({
      outcome: 'created',
      product: { title: 'Rattan pendant', source: 'captured', link: 'https://shop.example/pendant' },
    });
    expect((await client.addCapturedProduct({ product, pageUrl: 'https://shop.example/pendant' })).outcome).toBe(
      'unchanged',
    );
    await expect(
      client.addCapturedProduct({ product: { ...product, currency: undefined }, pageUrl: 'https://shop.example/x' }),
    ).rejects.toMatchObject({ kind: 'problem', status: 422, message: expect.stringMatching(/no currency/) });
    expect((await client.searchProducts('rattan')).results.map((r) => r.product.id)).toEqual([result.product.id]);
    expect(await client.forgetCapturedProducts()).toEqual({ removed: 1 });
    expect((await client.searchProducts('rattan')).results).toEqual([]);
  });
});
