/**
 * The whole story of issue "E2EE streaming core" through the device SDK, on the real server:
 * a driver records the real WebM fixture, a dispatcher with a grant watches live and decrypts
 * exactly the source bytes; the driver revokes: the dispatcher's socket closes within a second,
 * its key queries fail, and every frame after the rotation resists every key it ever received.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openFrame, unwrapEpochKey, type EpochKey } from '@seccam/pki';
import { base64ToBytes, CloseCode, decodeFrame, decodeMediaPayload, type MediaPacket } from '@seccam/schema';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { groupIntoPayloads } from '../media/group-payloads.ts';
import { readMediaFile } from '../node/read-media-file.ts';
import { createGrant, revokeGrant } from '../sharing/grants.ts';
import type { PublishedEpoch } from './epoch-publisher.ts';
import { Recorder } from './recorder.ts';
import { fetchEpochKeys } from './stream-operations.ts';
import { FAST, until, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/test-drive.webm', import.meta.url));
const sameBytes = (a: readonly MediaPacket[], b: readonly MediaPacket[]): boolean =>
  a.length === b.length &&
  a.every((p, i) => {
    const q = b[i];
    return (
      q !== undefined &&
      p.trackId === q.trackId &&
      p.key === q.key &&
      p.timestampUs === q.timestampUs &&
      Buffer.from(p.data).equals(Buffer.from(q.data))
    );
  });

describe('recording the WebM fixture, sharing it live, revoking', () => {
  const world = useStreamingWorld();

  it('delivers the source bytes to the grantee live, and nothing readable after revocation', async () => {
    const media = await readMediaFile(FIXTURE);
    const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs: Date.now() });
    const half = Math.floor(groups.length / 2);
    const sourceFirstHalf = groups.slice(0, half).flatMap((g) => packetsIn(g.payload));

    const grant = await createGrant(world.driver.client, world.driver.identity, { dispatcher: world.dispatcher.username, scope: 'all' });
    const recorder = await Recorder.start({
      client: world.driver.client,
      identity: world.driver.identity,
      ingest: FAST,
      title: 'fixture drive',
    });
    expect([...(recorder.currentEpoch?.recipients ?? [])].sort()).toEqual([world.dispatcher.username, world.driver.username].sort());

    const seen: WatchedFrame[] = [];
    const watch = watcher(world.dispatcher, recorder.streamId, seen);
    await watch.start();
    for (const g of groups.slice(0, half)) await recorder.push(g);
    await until(() => seen.length === half, 15_000, 'live frames at the dispatcher');
    expect(
      sameBytes(
        seen.flatMap((f) => f.payload?.packets ?? []),
        sourceFirstHalf,
      ),
    ).toBe(true);

    // Every key the dispatcher ever received, unwrapped with its own private key.
    const everReceived: EpochKey[] = [];
    for (const entry of await fetchEpochKeys(world.dispatcher.client, recorder.streamId)) {
      const r = await unwrapEpochKey(base64ToBytes(entry.wrappedKeyB64), world.dispatcher.identity.encPrivateKey, {
        streamId: recorder.streamId,
        epoch: entry.epoch,
      });
      if (r.ok) everReceived.push(r.epochKey);
    }
    expect(everReceived).toHaveLength(1);

    const rotated = new Promise<PublishedEpoch>((resolve) => {
      recorder.on('epoch', (published, reason) => {
        if (reason === 'rekey') resolve(published);
      });
    });
    const t0 = Date.now();
    await revokeGrant(world.driver.client, world.driver.identity, grant.grant.id);
    const outcome = await watch.whenDone();
    const closedAfterMs = Date.now() - t0;
    expect(outcome).toMatchObject({ status: 'revoked', closeCode: CloseCode.Revoked });
    expect(closedAfterMs).toBeLessThan(1000);
    const keyError: unknown = await fetchEpochKeys(world.dispatcher.client, recorder.streamId).catch((e: unknown) => e);
    expect(keyError).toBeInstanceOf(GraphQLRequestError);
    expect((keyError as GraphQLRequestError).code).toBe('NOT_FOUND');

    expect((await rotated).recipients).toEqual([world.driver.username]);
    for (const g of groups.slice(half)) await recorder.push(g);
    await recorder.end();

    // The driver reads back the whole recording, byte for byte.
    const all: WatchedFrame[] = [];
    const replay = watcher(world.driver, recorder.streamId, all);
    await replay.start();
    await expect(replay.whenDone()).resolves.toMatchObject({ status: 'ended' });
    expect(
      sameBytes(
        all.flatMap((f) => f.payload?.packets ?? []),
        groups.flatMap((g) => packetsIn(g.payload)),
      ),
    ).toBe(true);

    // Frames after the rotation: none opens with any key the dispatcher ever had.
    const after = all.filter((f) => f.epoch >= 1);
    expect(after.length).toBeGreaterThan(0);
    for (const f of after) {
      for (const key of everReceived) expect((await openFrame(decodeFrame(f.frameBytes), key)).ok).toBe(false);
    }
  });
});

function packetsIn(payload: Uint8Array): readonly MediaPacket[] {
  return decodeMediaPayload(payload).packets;
}
