/**
 * A recording's access history, from the audit log: the owner sees who watched, exported or
 * downloaded it (with their directory names), newest first, in bounded pages; a grantee is
 * FORBIDDEN, another driver NOT_FOUND (as for a stream that does not exist); bad page
 * arguments are BAD_USER_INPUT.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WatchPurpose } from '@seccam/schema';
import { codeOf } from '../../testing/refusals.ts';
import { clientFor, grant, startStream, TestSocket, type HttpsClient, signedInAccount, useSignedInWorld } from '@seccam/testkit';

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
  const world = useSignedInWorld();
  let otherClient: HttpsClient;

  const history = async (client: HttpsClient, streamId: string, first: number, before?: string): Promise<Entry[]> =>
    (await client.graphql<{ streamAccessHistory: Entry[] }>(HISTORY, { s: streamId, first, before: before ?? null })).streamAccessHistory;
  const read = async (client: HttpsClient, streamId: string, purpose: WatchPurpose): Promise<void> => {
    const s = await TestSocket.open(world.api, '/ws/watch', client);
    s.send({ type: 'subscribe', streamId, from: 0, purpose });
    await s.until((x) => x.message('subscribed') !== undefined);
    s.ws.close();
    await s.closed;
  };

  beforeAll(async () => {
    ({ client: otherClient } = await signedInAccount(world.api, 'driver'));
    await grant(world.driver.client, world.driver.account.contents, world.dispatcher.account.contents.username);
  });

  it("lists the dispatcher's watch, export and download and the owner's own playback, newest first, in pages", async () => {
    const stream = await startStream(world.driver.client);
    const unrelated = await startStream(world.driver.client);
    expect(await history(world.driver.client, stream.id, 50)).toEqual([]);
    const before = Date.now();
    await read(world.dispatcher.client, stream.id, 'watch');
    await read(world.dispatcher.client, unrelated.id, 'watch');
    await read(world.dispatcher.client, stream.id, 'export');
    await read(world.driver.client, stream.id, 'watch');
    await read(world.dispatcher.client, stream.id, 'download');

    const all = await history(world.driver.client, stream.id, 50);
    const who = {
      username: world.dispatcher.account.contents.username,
      fullName: 'Dana Dispatcher',
      organisation: 'Acme Fleet',
      byOwner: false,
    };
    expect(all).toMatchObject([
      { kind: 'download', ...who },
      { kind: 'watch', username: world.driver.account.contents.username, fullName: null, byOwner: true },
      { kind: 'export', ...who },
      { kind: 'watch', ...who },
    ]);
    for (const e of all) expect(new Date(e.at).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const page1 = await history(world.driver.client, stream.id, 3);
    const page2 = await history(world.driver.client, stream.id, 3, page1.at(-1)?.id);
    expect([...page1, ...page2]).toEqual(all);
    expect(page2).toHaveLength(1);
  });

  it('answers the owner only, and bounds the page', async () => {
    const stream = await startStream(world.driver.client);
    expect(await codeOf(history(world.dispatcher.client, stream.id, 10))).toBe('FORBIDDEN');
    expect(await codeOf(history(otherClient, stream.id, 10))).toBe('NOT_FOUND');
    expect(await codeOf(history(otherClient, randomUUID(), 10))).toBe('NOT_FOUND');
    expect(await codeOf(history(clientFor(world.api), stream.id, 10))).toBe('UNAUTHENTICATED');
    expect(await codeOf(history(world.driver.client, stream.id, 0))).toBe('BAD_USER_INPUT');
    expect(await codeOf(history(world.driver.client, stream.id, 201))).toBe('BAD_USER_INPUT');
    expect(await codeOf(history(world.driver.client, stream.id, 10, 'not-a-number'))).toBe('BAD_USER_INPUT');
  });
});
