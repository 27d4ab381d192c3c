/**
 * A recording's access history, from the audit log: the owner sees who watched, exported or
 * downloaded it (with their directory names), newest first, in bounded pages; a grantee is
 * FORBIDDEN, another driver NOT_FOUND (as for a stream that does not exist); bad page
 * arguments are BAD_USER_INPUT.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchPurpose } from '@seccam/schema';
import { codeOf } from '../../testing/refusals.ts';
import {
  clientFor,
  grant,
  startStream,
  startTestApi,
  TestSocket,
  type HttpsClient,
  type ReadyAccount,
  type TestApi,
  signedInAccount,
} from '@seccam/testkit';

const HISTORY =
  'query($s: ID!, $first: Int!, $before: String) { streamAccessHistory(streamId: $s, first: $first, before: $before) { id at kind username fullName organisation byOwner } }';

interface Entry {
  id: string;
  at: string;
  kind: string;
  username: string;
  fullName: string | null;
  organisation: string | null;
  byOwner: boolean;
}

describe('access history', () => {
  let api: TestApi;
  let driver: ReadyAccount;
  let dispatcher: ReadyAccount;
  let driverClient: HttpsClient;
  let dispatcherClient: HttpsClient;
  let otherClient: HttpsClient;

  const history = async (client: HttpsClient, streamId: string, first: number, before?: string): Promise<Entry[]> =>
    (await client.graphql<{ streamAccessHistory: Entry[] }>(HISTORY, { s: streamId, first, before: before ?? null })).streamAccessHistory;
  const read = async (client: HttpsClient, streamId: string, purpose: WatchPurpose): Promise<void> => {
    const s = await TestSocket.open(api, '/ws/watch', client);
    s.send({ type: 'subscribe', streamId, from: 0, purpose });
    await s.until((x) => x.message('subscribed') !== undefined);
    s.ws.close();
    await s.closed;
  };

  beforeAll(async () => {
    api = await startTestApi();
    const [d, p, o] = await Promise.all([
      signedInAccount(api, 'driver'),
      signedInAccount(api, 'dispatcher'),
      signedInAccount(api, 'driver'),
    ]);
    [driver, driverClient, dispatcher, dispatcherClient, otherClient] = [d.account, d.client, p.account, p.client, o.client];
    await grant(driverClient, driver.contents, dispatcher.contents.username);
  });
  afterAll(() => api.stop());

  it("lists the dispatcher's watch, export and download and the owner's own playback, newest first, in pages", async () => {
    const stream = await startStream(driverClient);
    const unrelated = await startStream(driverClient);
    expect(await history(driverClient, stream.id, 50)).toEqual([]);
    const before = Date.now();
    await read(dispatcherClient, stream.id, 'watch');
    await read(dispatcherClient, unrelated.id, 'watch');
    await read(dispatcherClient, stream.id, 'export');
    await read(driverClient, stream.id, 'watch');
    await read(dispatcherClient, stream.id, 'download');

    const all = await history(driverClient, stream.id, 50);
    const who = { username: dispatcher.contents.username, fullName: 'Dana Dispatcher', organisation: 'Acme Fleet', byOwner: false };
    expect(all).toMatchObject([
      { kind: 'download', ...who },
      { kind: 'watch', username: driver.contents.username, fullName: null, byOwner: true },
      { kind: 'export', ...who },
      { kind: 'watch', ...who },
    ]);
    for (const e of all) expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const page1 = await history(driverClient, stream.id, 3);
    const page2 = await history(driverClient, stream.id, 3, page1.at(-1)?.id);
    expect([...page1, ...page2]).toEqual(all);
    expect(page2).toHaveLength(1);
  });

  it('answers the owner only, and bounds the page', async () => {
    const stream = await startStream(driverClient);
    expect(await codeOf(history(dispatcherClient, stream.id, 10))).toBe('FORBIDDEN');
    expect(await codeOf(history(otherClient, stream.id, 10))).toBe('NOT_FOUND');
    expect(await codeOf(history(otherClient, randomUUID(), 10))).toBe('NOT_FOUND');
    expect(await codeOf(history(clientFor(api), stream.id, 10))).toBe('UNAUTHENTICATED');
    expect(await codeOf(history(driverClient, stream.id, 0))).toBe('BAD_USER_INPUT');
    expect(await codeOf(history(driverClient, stream.id, 201))).toBe('BAD_USER_INPUT');
    expect(await codeOf(history(driverClient, stream.id, 10, 'not-a-number'))).toBe('BAD_USER_INPUT');
  });
});
