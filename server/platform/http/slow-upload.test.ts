import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../env';
import { type RunningServer, runServer } from '../../run-server';

/**
 * A stalled upload must not hold a slot of the image-work line for ever: the server gives a
 * request a time to arrive in full (REQUEST_TIMEOUT_MS, here shortened), then answers 408 and
 * frees the slot for the next one.
 */
describe('a stalled upload', () => {
  let server: RunningServer;
  let token = '';
  /** Another user's: a second upload of the stalled one's own token would be over its share (429), not turned away by the full line. */
  let otherToken = '';
  beforeAll(async () => {
    const env = {
      ...loadEnv({ PORT: '0', LOG_LEVEL: 'silent', LOUPE_IMAGE_WORK_CONCURRENCY: '1', LOUPE_IMAGE_WORK_QUEUE: '0' }),
      LOUPE_DATA_DIR: 'memory://',
    };
    server = await runServer(env, {
      requestTimeoutMs: 1000,
      beforeListen: async ({ users }) => {
        ({ token } = await users.create('slow'));
        ({ token: otherToken } = await users.create('other'));
      },
    });
  });
  afterAll(() => server.stop());

  it('is cut off with 408, and its image-work slot goes to the next upload', async () => {
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // Headers and a first byte of a 1 MB image, then nothing more.
    socket.write(
      `POST /v1/provenance HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n\x89`,
    );

    // While it stalls it holds the only slot: another upload is turned away.
    const post = () =>
      fetch(`${server.url}/v1/provenance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'image/png' },
        body: new Uint8Array([1, 2, 3]),
      });
    let busy = await post();
    // Until the stalled request has been authenticated and holds the slot (had it been turned away itself, it would have its answer).
    while (busy.status !== 503 && answer === '') busy = await post();
    expect(busy.status).toBe(503);
    expect(answer).toBe('');

    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await post()).status).toBe(415); // three bytes are no image: it was analysed, so the slot was free
  });
});
