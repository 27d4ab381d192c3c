/**
 * Grant and revocation through the SDK against the real API: a grant made after recording began
 * shares the existing epoch; revoking it closes the dispatcher's watch with 4499 and makes the
 * live recorder rotate to an epoch wrapped only to the driver.
 */
import { editDatabase } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '@seccam/schema';
import type { TypedQuery } from '../client/print-document.ts';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { HttpsClient } from '../node/https-client.ts';
import { createGrant, revokeGrant } from '../sharing/grants.ts';
import { fetchGrants, searchDispatchers } from '../sharing/grant-operations.ts';
import type { PublishedEpoch } from './epoch-publisher.ts';
import { Recorder } from './recorder.ts';
import { fetchEpochKeys } from './stream-operations.ts';
import { FAST, party, sourceGroups, until, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

describe('grants and revocation through the SDK', () => {
  const world = useStreamingWorld();

  it('shares existing epochs on grant, and on revocation closes the watch (4499) and rotates the live recorder away from the dispatcher', async () => {
    const { groups, packets } = sourceGroups(3);
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    expect(recorder.currentEpoch).toMatchObject({ epoch: 0, recipients: [world.driver.username] });
    for (const group of groups.slice(0, 10)) await recorder.push(group);

    const created = await createGrant(world.driver.client, world.driver.identity, {
      dispatcher: world.dispatcher.username,
      scope: 'streams',
      streamIds: [recorder.streamId],
    });
    expect(created.shared).toEqual([{ streamId: recorder.streamId, epoch: 0 }]);
    expect(created.skipped).toEqual([]);
    expect(created.grant).toMatchObject({
      active: true,
      driver: world.driver.username,
      dispatcher: world.dispatcher.username,
      dispatcherEncSerial: world.dispatcher.identity.encSerialHex,
    });

    const frames: WatchedFrame[] = [];
    const unreadable: string[] = [];
    const watch = watcher(world.dispatcher, recorder.streamId, frames);
    watch.on('unreadable', (failure) => unreadable.push(failure.reason));
    await watch.start();
    await until(() => frames.length === 10, 10_000, 'catch-up');
    const seen = frames.flatMap((f) => f.payload?.packets ?? []);
    expect(seen).toEqual(packets.slice(0, seen.length));

    const rotated = new Promise<PublishedEpoch>((resolve) => {
      recorder.on('epoch', (published, reason) => {
        if (reason === 'rekey') resolve(published);
      });
    });
    const revoked = await revokeGrant(world.driver.client, world.driver.identity, created.grant.id);
    expect(revoked).toMatchObject({ active: false });
    expect(revoked.revokedAt).not.toBeNull();

    await expect(watch.whenDone()).resolves.toMatchObject({ status: 'revoked', closeCode: CloseCode.Revoked });
    const next = await rotated;
    expect(next).toMatchObject({ epoch: 1, recipients: [world.driver.username], refused: [] });
    for (const group of groups.slice(10)) await recorder.push(group);
    await recorder.end();

    // The dispatcher can no longer fetch any key of the stream, old or new.
    const error: unknown = await fetchEpochKeys(world.dispatcher.client, recorder.streamId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(unreadable).toEqual([]);
    // The driver still reads everything, across both epochs.
    const all: WatchedFrame[] = [];
    const replay = watcher(world.driver, recorder.streamId, all);
    await replay.start();
    await expect(replay.whenDone()).resolves.toMatchObject({ status: 'ended' });
    expect(new Set(all.map((f) => f.epoch))).toEqual(new Set([0, 1]));
    expect(all.flatMap((f) => f.payload?.packets ?? [])).toEqual(packets);
  });

  it('rotates the live recorder away from the dispatcher when the grant expires, as a revocation does', async () => {
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    const expiresAt = new Date(Date.now() + 4000);
    await createGrant(world.driver.client, world.driver.identity, {
      dispatcher: world.dispatcher.username,
      scope: 'streams',
      streamIds: [recorder.streamId],
      expiresAt,
    });
    expect((await recorder.rotate()).recipients).toContain(world.dispatcher.username);
    const rotated = new Promise<{ published: PublishedEpoch; at: number }>((resolve) => {
      recorder.on('epoch', (published, reason) => {
        if (reason === 'rekey') resolve({ published, at: Date.now() });
      });
    });
    const { published, at } = await rotated;
    expect(at).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(at - expiresAt.getTime()).toBeLessThan(10_000);
    expect(published.recipients).toEqual([world.driver.username]);
    await recorder.close();
  });

  it('never wraps again to a grant it revoked, even when the database is edited to make the grant active again', async () => {
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    const created = await createGrant(world.driver.client, world.driver.identity, {
      dispatcher: world.dispatcher.username,
      scope: 'streams',
      streamIds: [recorder.streamId],
    });
    expect((await recorder.rotate()).recipients).toContain(world.dispatcher.username);
    await revokeGrant(world.driver.client, world.driver.identity, created.grant.id);
    expect(await world.driver.client.revokedGrants.load()).toContain(created.grant.id);

    // A database editor restores the grant: the server lists it as active and the dispatcher as a recipient again.
    await editDatabase(world.api.db.database, 'UPDATE grants SET revoked_at = NULL WHERE id = $1', [created.grant.id]);
    expect((await fetchGrants(world.driver.client)).find((g) => g.id === created.grant.id)).toMatchObject({ active: true });

    const next = await recorder.rotate();
    expect(next.recipients).toEqual([world.driver.username]);
    expect(next.refused).toEqual([
      { username: world.dispatcher.username, reason: expect.stringContaining('no active grant signed by') as unknown },
    ]);
    // The restored grant lets the dispatcher ask for keys again, but none was wrapped for them.
    expect(await fetchEpochKeys(world.dispatcher.client, recorder.streamId, next.epoch)).toEqual([]);
    await recorder.close();
  });

  it('wraps nothing to recipients a hostile server adds: no grant signed by the driver, a certificate that is not a trusted enc certificate, or one not in the transparency log', async () => {
    const outsider = await party(world.api, 'dispatcher');
    const [listed] = await searchDispatchers(world.driver.client, outsider.username);
    const outsiderRecipient = {
      username: outsider.username,
      role: 'dispatcher' as const,
      encCertificatePem: outsider.account.contents.encCertPem,
      encCertificateLogProof: listed?.encCertificateLogProof ?? null,
      encSerial: outsider.identity.encSerialHex,
    };
    expect(outsiderRecipient.encCertificateLogProof).not.toBeNull();
    const injected = [
      outsiderRecipient,
      {
        username: world.dispatcher.username,
        role: 'dispatcher' as const,
        encCertificatePem: world.driver.account.contents.sigCertPem,
        encCertificateLogProof: null,
        encSerial: '01',
      },
      { ...outsiderRecipient, encCertificateLogProof: null },
    ];
    class HostileServer extends HttpsClient {
      override async graphql<T, V>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
        const data = await super.graphql(query, variables);
        const listed = (data as { streamRecipients?: unknown[] }).streamRecipients;
        return listed ? { ...data, streamRecipients: [...listed, ...injected] } : data;
      }
    }
    const hostile = new HostileServer(world.driver.client.options);
    for (const [name, value] of world.driver.client.cookies) hostile.cookies.set(name, value);
    const recorder = await Recorder.start({ client: hostile, identity: world.driver.identity, ingest: FAST });
    expect(recorder.currentEpoch?.recipients).toEqual([world.driver.username]);
    expect(recorder.currentEpoch?.refused).toEqual([
      { username: outsider.username, reason: expect.stringMatching(/no active grant signed by/) as unknown },
      { username: world.dispatcher.username, reason: expect.stringMatching(/not trusted/) as unknown },
      { username: outsider.username, reason: expect.stringMatching(/is not in the transparency log/) as unknown },
    ]);
    await recorder.close();
  });

  it('lists the grant with its signature and refuses an unknown dispatcher with advice', async () => {
    const grants = await fetchGrants(world.driver.client);
    expect(grants.length).toBeGreaterThan(0);
    const error: unknown = await createGrant(world.driver.client, world.driver.identity, {
      dispatcher: 'nosuchdispatcher',
      scope: 'all',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/no dispatcher named nosuchdispatcher/) as unknown,
    });
  });
});
