/**
 * WebSocket caps counted from the upgrade ([Note: sockets count from the upgrade]), on the real
 * server: sockets that never send hello or subscribe count, per user and endpoint and per client
 * address; an upgrade over a cap is refused with HTTP 429 before the 101, anonymous ones
 * included; a closed socket frees its place.
 */
import type WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpsClient, openWs, startTestApi, type TestApi, upgradeStatus, signedInAccount } from '@seccam/testkit';

describe('WebSocket caps from the upgrade', () => {
  let api: TestApi;
  let driver: HttpsClient;
  let dispatcher: HttpsClient;
  const held: WebSocket[] = [];

  /** Opens a socket and keeps it open, silent: no hello, no subscribe. */
  async function hold(path: string, client: HttpsClient, protocol?: string): Promise<WebSocket> {
    const ws = openWs(api, path, { client, ...(protocol ? { protocol } : {}) });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
      });
      ws.once('error', reject);
    });
    held.push(ws);
    return ws;
  }

  beforeAll(async () => {
    api = await startTestApi({ streamingLimits: { websockets: { maxPerAddress: 4 }, watch: { maxConnectionsPerUser: 2 } } });
    ({ client: driver } = await signedInAccount(api, 'driver'));
    ({ client: dispatcher } = await signedInAccount(api, 'dispatcher'));
  });
  afterAll(async () => {
    for (const ws of held) ws.terminate();
    await api.stop();
  });

  it('counts silent sockets per user and per address, and refuses the next upgrade with 429', async () => {
    await hold('/ws/watch', driver);
    const second = await hold('/ws/watch', driver);
    // Per user and endpoint: the driver's third watch socket, though neither of the first two subscribed.
    expect(await upgradeStatus(openWs(api, '/ws/watch', { client: driver }))).toBe(429);
    // Another user is not held to the driver's cap…
    await hold('/ws/watch', dispatcher);
    await hold('/ws/ingest', driver);
    // …but the address is full now (4 sockets, none of which said hello or subscribe): any upgrade
    // is refused, on every endpoint, and before the session is even looked up.
    expect(await upgradeStatus(openWs(api, '/graphql', { client: dispatcher, protocol: 'graphql-transport-ws' }))).toBe(429);
    expect(await upgradeStatus(openWs(api, '/ws/ingest', { client: driver }))).toBe(429);
    expect(await upgradeStatus(openWs(api, '/ws/watch'))).toBe(429);

    // A closed socket frees its place (the server counts until its side of the connection is gone).
    second.close();
    await new Promise((resolve) => second.once('close', resolve));
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 101; attempt++) {
      status = await upgradeStatus(openWs(api, '/ws/watch', { client: driver }));
      if (status !== 101) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(101);
  });
});
