import { afterAll, describe, expect, it } from 'vitest';
import { pngChunk, pngWith } from '../testing/builders';
import { C2paWorkerPool } from './c2pa-worker-pool';

const pool = new C2paWorkerPool();
afterAll(() => pool.close());

const job = (timeoutMs: number) => ({
  bytes: pngWith([pngChunk('caBX', Buffer.alloc(64, 0x11))]),
  mimeType: 'image/png',
  context: '{}',
  timeoutMs,
});

describe('C2paWorkerPool', () => {
  it('reports validator errors as results, not exceptions', async () => {
    const result = await pool.run(job(30_000));
    expect(result.ok).toBe(false);
  });

  it('stops a job over its time limit and keeps working afterwards', async () => {
    // A fresh pool: starting the worker and compiling the WASM takes far longer than 1 ms,
    // so this job is reliably over its limit and the worker is terminated mid-flight.
    const fresh = new C2paWorkerPool();
    try {
      const started = performance.now();
      const slow = await fresh.run(job(1));
      expect(slow).toMatchObject({ ok: false, timedOut: true });
      expect(performance.now() - started).toBeLessThan(1_000);
      const next = await fresh.run(job(30_000));
      expect(next).toMatchObject({ ok: false });
      expect(next).not.toHaveProperty('timedOut');
      expect(next).not.toHaveProperty('crashed');
    } finally {
      await fresh.close();
    }
  });

  it('runs queued jobs one after another', async () => {
    const results = await Promise.all([pool.run(job(30_000)), pool.run(job(30_000)), pool.run(job(30_000))]);
    expect(results).toHaveLength(3);
  });
});
