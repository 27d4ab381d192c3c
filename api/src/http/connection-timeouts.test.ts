/**
 * TLS connection hygiene on the real server ([Note: connection timeouts]): a connection that
 * never starts its handshake, or finishes it and never sends a request, is closed by the server
 * after the configured time (set small here); one that asks in time is answered. The bound the
 * tests allow is generous: what matters is that the server closes, long before Node's defaults
 * (two minutes for the handshake, never for a silent TLS connection).
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@seccam/testkit';

const TIMEOUT_MS = 300;
const GENEROUS_BOUND_MS = 5_000;

/** Milliseconds from `since` until the server closed `socket` (we never close it ourselves). */
function closedAfter(socket: Socket, since: () => number): Promise<number> {
  return new Promise((resolve) =>
    socket.once('close', () => {
      resolve(performance.now() - since());
    }),
  );
}

describe('TLS connection timeouts', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      streamingLimits: { http: { handshakeTimeoutMs: TIMEOUT_MS, firstRequestTimeoutMs: TIMEOUT_MS, keepAliveTimeoutMs: TIMEOUT_MS } },
    });
  });
  afterAll(() => api.stop());

  const tls = (): TLSSocket => tlsConnect({ host: '127.0.0.1', port: api.port, servername: 'localhost', ca: api.pki.rootPem });

  it('closes a TLS connection that never sends a request', async () => {
    const socket = tls();
    let up = 0;
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => {
        up = performance.now();
        resolve();
      });
      socket.once('error', reject);
    });
    const elapsed = await closedAfter(socket, () => up);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(GENEROUS_BOUND_MS);
  });

  it('closes a TCP connection that never starts the TLS handshake', async () => {
    const socket = tcpConnect({ host: '127.0.0.1', port: api.port });
    let up = 0;
    socket.once('connect', () => {
      up = performance.now();
    });
    socket.on('error', () => undefined);
    expect(await closedAfter(socket, () => up)).toBeLessThan(GENEROUS_BOUND_MS);
  });

  it('answers a request sent in time, then closes the idle keep-alive connection', async () => {
    const socket = tls();
    await new Promise<void>((resolve) => socket.once('secureConnect', resolve));
    socket.write('GET /pki/root.pem HTTP/1.1\r\nHost: localhost\r\n\r\n');
    let response = '';
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1');
      answered = performance.now();
    });
    const elapsed = await closedAfter(socket, () => answered);
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toContain('BEGIN CERTIFICATE');
    expect(elapsed).toBeLessThan(GENEROUS_BOUND_MS);
  });
});
