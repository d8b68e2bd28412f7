import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../env';
import { runServer } from '../../run-server';

/**
 * A stop lets requests in flight finish, but it must end: a client that stops sending its
 * upload (and anything waiting behind it) cannot keep the process from shutting down.
 */
describe('stopping the server', () => {
  it('cuts a request still arriving after the grace period, and closes', async () => {
    let token = '';
    const env = { ...loadEnv({ PORT: '0', LOG_LEVEL: 'silent' }), LOUPE_DATA_DIR: 'memory://' };
    const server = await runServer(env, {
      shutdownGraceMs: 500,
      beforeListen: async ({ users }) => void ({ token } = await users.create('slow')),
    });
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /v1/provenance HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\nContent-Type: image/png\r\nContent-Length: 1000000\r\n\r\n\x89`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the request is in, its body is not

    // Without the cut this waits for the 2-minute arrival limit, past the test's timeout.
    await server.stop();
    await closed;
    expect(socket.destroyed || socket.readableEnded).toBe(true);
  });
});
