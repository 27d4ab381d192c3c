/**
 * The audit log records who read what, from where: watching (with the purpose the viewer
 * declares), key fetches and logouts, each with the actor and the client address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grant, myEpochKeys, startStream, startTestApi, type TestApi, TestSocket, signedInAccount } from '@seccam/testkit';

describe('access is audited', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  const lastEntry = async (action: string, actor: string) =>
    (await api.app.services.audit.list(100_000)).findLast((e) => e.action === action && e.actor === actor);

  it('records watch, export, key fetch and logout with actor, stream and address', async () => {
    const { account: driver, client: driverClient } = await signedInAccount(api, 'driver');
    const { account: dispatcher, client: dispatcherClient } = await signedInAccount(api, 'dispatcher');
    const stream = await startStream(driverClient);
    await grant(driverClient, driver.contents, dispatcher.contents.username);

    for (const purpose of ['watch', 'export'] as const) {
      const socket = await TestSocket.open(api, '/ws/watch', dispatcherClient);
      socket.send({ type: 'subscribe', streamId: stream.id, from: 0, purpose });
      await socket.until((s) => s.message('subscribed') !== undefined);
      socket.ws.close();
      expect(await lastEntry(`stream.${purpose}`, dispatcher.contents.username)).toMatchObject({
        subject: stream.id,
        ip: '127.0.0.1',
        detail: 'grantee from 0',
      });
    }
    await myEpochKeys(dispatcherClient, stream.id);
    expect(await lastEntry('keys.fetched', dispatcher.contents.username)).toMatchObject({ subject: stream.id, ip: '127.0.0.1' });

    await dispatcherClient.graphql('mutation { logout }');
    expect(await lastEntry('logout', dispatcher.contents.username)).toMatchObject({ ip: '127.0.0.1' });
    await driverClient.graphql('mutation { logoutEverywhere }');
    expect(await lastEntry('logout.everywhere', driver.contents.username)).toMatchObject({ detail: '1 sessions', ip: '127.0.0.1' });
  });

  it('refuses a subscribe with an unknown purpose', async () => {
    const { client } = await signedInAccount(api, 'driver');
    const stream = await startStream(client);
    const socket = await TestSocket.open(api, '/ws/watch', client);
    socket.ws.send(JSON.stringify({ type: 'subscribe', streamId: stream.id, from: 0, purpose: 'steal' }));
    expect((await socket.closed).code).toBe(4415);
  });
});
