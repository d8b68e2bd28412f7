// Runs the c2pa-rs WASM validator off the main thread. Plain JavaScript on
// purpose: a worker must start under plain Node, tsx and vitest alike.
// A validation that runs too long is ended by terminating this worker; a
// Rust panic (WebAssembly.RuntimeError) leaves the module unusable, so the
// worker exits and the pool starts a fresh one.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';

const require = createRequire(import.meta.url);
initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });

parentPort?.on('message', async (job) => {
  let reader;
  try {
    reader = await WasmReader.fromBytes(job.mimeType, new Uint8Array(job.bytes), job.context);
    parentPort?.postMessage({ id: job.id, ok: true, store: reader.manifestStore() });
  } catch (error) {
    const message =
      error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    parentPort?.postMessage({ id: job.id, ok: false, error: message.slice(0, 500) });
    if (error instanceof WebAssembly.RuntimeError) process.exit(70);
  } finally {
    try {
      reader?.free();
    } catch {
      // already freed
    }
  }
});
