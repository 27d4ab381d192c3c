/**
 * Recorder → real API → WatchClient, end to end: a dispatcher with a grant watches live and gets
 * exactly the source packets; a connection cut mid-stream loses and duplicates nothing; a late
 * joiner starts at a keyframe; epochs rotate on a timer and every one is readable.
 */
import { describe, expect, it } from 'vitest';
import { readMediaFile } from '../node/read-media-file.ts';
import { groupIntoPayloads } from '../media/group-payloads.ts';
import { FIXTURE_PATH } from '../media/media-fixtures.test-support.ts';
import { createGrant } from '../sharing/grants.ts';
import { verifyEvidenceExport } from '../evidence/verify-evidence.ts';
import { Recorder } from './recorder.ts';
import { exportStream } from './stream-export.ts';
import { fetchStream } from './stream-operations.ts';
import { FAST, recordingConnector, sourceGroups, until, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

describe('recording and watching through the real API', () => {
  const world = useStreamingWorld(async (w) => {
    await createGrant(w.driver.client, w.driver.identity, { dispatcher: w.dispatcher.username, scope: 'all' });
  });

  it('a granted dispatcher watching live receives exactly the recorded packets, then the signed end', async () => {
    const media = await readMediaFile(FIXTURE_PATH);
    const groups = groupIntoPayloads(media.tracks, media.packets, { captureStartMs: Date.now() });
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, title: 'fixture', ingest: FAST });
    expect(recorder.currentEpoch).toMatchObject({ epoch: 0, recipients: [world.driver.username, world.dispatcher.username], refused: [] });
    const frames: WatchedFrame[] = [];
    const watch = watcher(world.dispatcher, recorder.streamId, frames, { from: 'live' });
    const subscribed = await watch.start();
    expect(subscribed).toMatchObject({ fromSeq: 0, headSeq: null, ended: false });
    for (const group of groups) await recorder.push(group);
    const endSeq = await recorder.end();
    expect(endSeq).toBe(groups.length);
    const outcome = await watch.whenDone();
    expect(outcome).toMatchObject({ status: 'ended', chain: { ended: 'signed', lastSeq: endSeq } });
    expect(frames.map((f) => f.seq)).toEqual([...Array(groups.length + 1).keys()]);
    expect(frames.flatMap((f) => f.payload?.packets ?? [])).toEqual(media.packets);
    expect(frames[0]?.payload?.tracks).toEqual(media.tracks);
    const stream = await fetchStream(world.driver.client, recorder.streamId);
    expect(stream).toMatchObject({ lastSeq: endSeq, frameCount: groups.length + 1 });
    expect(stream.endedAt).not.toBeNull();
  });

  it('resumes after the client socket is killed mid-stream: nothing lost, nothing duplicated', async () => {
    const { groups, packets } = sourceGroups(4);
    const connector = recordingConnector(world.driver.client, '/ws/ingest');
    const recorder = await Recorder.start({
      client: world.driver.client,
      identity: world.driver.identity,
      ingest: { ...FAST, connect: connector.connect },
    });
    const retries: number[] = [];
    recorder.ingest.on('retry', (detail) => retries.push(detail.closeCode));
    const rotatedAfterReconnect = new Promise<number>((resolve) => {
      recorder.on('epoch', (published, reason) => {
        if (reason === 'reconnect') resolve(published.epoch);
      });
    });
    const half = Math.floor(groups.length / 2);
    for (const group of groups.slice(0, half)) await recorder.push(group);
    await until(() => recorder.ingest.lastAckedSeq !== null && recorder.ingest.lastAckedSeq >= 3, 10_000, 'some acks');
    connector.sockets.at(-1)?.terminate(); // the signal drops with frames in flight
    for (const group of groups.slice(half)) await recorder.push(group); // sealed into the offline buffer
    await expect(rotatedAfterReconnect).resolves.toBeGreaterThan(0); // [Note: rotate after reconnect]
    await recorder.end();
    expect(retries).toEqual([1006]);
    expect(connector.sockets.length).toBe(2);

    const frames: WatchedFrame[] = [];
    const replay = watcher(world.dispatcher, recorder.streamId, frames);
    await replay.start();
    await expect(replay.whenDone()).resolves.toMatchObject({ status: 'ended', chain: { ended: 'signed', verified: groups.length + 1 } });
    expect(frames.map((f) => f.seq)).toEqual([...Array(groups.length + 1).keys()]);
    expect(frames.flatMap((f) => f.payload?.packets ?? [])).toEqual(packets);
    expect(new Set(frames.map((f) => f.epoch)).size).toBeGreaterThanOrEqual(2);
  });

  it('a watcher whose connection drops resubscribes after its last verified frame: every frame exactly once', async () => {
    const { groups, packets } = sourceGroups(3);
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    const connector = recordingConnector(world.dispatcher.client, '/ws/watch');
    const frames: WatchedFrame[] = [];
    const watch = watcher(world.dispatcher, recorder.streamId, frames, { connect: connector.connect });
    await watch.start();
    for (const group of groups.slice(0, 12)) await recorder.push(group);
    await until(() => frames.length >= 8, 10_000, 'first frames');
    connector.sockets.at(-1)?.terminate();
    for (const group of groups.slice(12)) await recorder.push(group);
    await recorder.end();
    await expect(watch.whenDone()).resolves.toMatchObject({ status: 'ended', chain: { ended: 'signed', verified: groups.length + 1 } });
    expect(connector.sockets.length).toBe(2);
    expect(frames.map((f) => f.seq)).toEqual([...Array(groups.length + 1).keys()]);
    expect(frames.flatMap((f) => f.payload?.packets ?? [])).toEqual(packets);
  });

  it('a late joiner starts at the latest keyframe with its INIT data and follows live', async () => {
    const { groups } = sourceGroups(3);
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    const firstHalf = groups.slice(0, 15); // 1.5 s: the keyframe at 1 s is the join point
    for (const group of firstHalf) await recorder.push(group);
    await until(() => recorder.ingest.lastAckedSeq === firstHalf.length - 1, 10_000, 'acks');
    const frames: WatchedFrame[] = [];
    const watch = watcher(world.dispatcher, recorder.streamId, frames, { from: 'live' });
    const subscribed = await watch.start();
    const joinSeq = firstHalf.findLastIndex((g) => g.keyframe);
    expect(subscribed.fromSeq).toBe(joinSeq);
    for (const group of groups.slice(firstHalf.length)) await recorder.push(group);
    await recorder.end();
    await expect(watch.whenDone()).resolves.toMatchObject({ status: 'ended' });
    expect(frames[0]).toMatchObject({ seq: joinSeq, keyframe: true, init: true, catchUp: true });
    expect(frames.at(-1)).toMatchObject({ seq: groups.length, end: true, catchUp: false });
  });

  it('rotates the epoch on a timer; a replay from 0 reads every epoch', async () => {
    const { groups, packets } = sourceGroups(2);
    const recorder = await Recorder.start({
      client: world.driver.client,
      identity: world.driver.identity,
      rotateEveryMs: 100,
      ingest: FAST,
    });
    const timerRotation = (): Promise<void> =>
      new Promise((resolve) => {
        const off = recorder.on('epoch', (_published, reason) => {
          if (reason !== 'timer') return;
          off();
          resolve();
        });
      });
    for (const [index, group] of groups.entries()) {
      if (index === 6 || index === 12) await timerRotation();
      await recorder.push(group);
    }
    await recorder.end();
    const frames: WatchedFrame[] = [];
    const replay = watcher(world.dispatcher, recorder.streamId, frames);
    await replay.start();
    await replay.whenDone();
    const epochs = [...new Set(frames.map((f) => f.epoch))];
    expect(epochs.length).toBeGreaterThanOrEqual(3);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(frames.flatMap((f) => f.payload?.packets ?? [])).toEqual(packets);
  });

  it('a new recorder continues a stream left without END at lastSeq + 1 in a new epoch', async () => {
    const { groups, packets } = sourceGroups(2);
    const first = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, ingest: FAST });
    for (const group of groups.slice(0, 10)) await first.push(group);
    await until(() => first.ingest.lastAckedSeq === 9, 10_000, 'acks');
    const firstEpoch = first.progress.epoch;
    await first.close();
    // An export now stops at the stored head: "ended unsigned at seq 9".
    const partial = await exportStream(world.driver.client, world.driver.identity, first.streamId);
    expect(partial).toMatchObject({ frames: 10, ended: 'unsigned', epochs: [firstEpoch] });
    const checked = await verifyEvidenceExport(partial.bytes, {
      rootPem: world.api.pki.rootPem,
      encPrivateKey: world.driver.identity.encPrivateKey,
    });
    expect(checked).toMatchObject({ ok: true, report: { ended: 'unsigned', lastSeq: 9, decrypted: true } });
    const second = await Recorder.start({
      client: world.driver.client,
      identity: world.driver.identity,
      streamId: first.streamId,
      ingest: FAST,
    });
    expect(second.progress).toMatchObject({ nextSeq: 10 });
    expect(second.progress.epoch).toBeGreaterThan(firstEpoch ?? -1);
    for (const group of groups.slice(10)) await second.push(group);
    await second.end();
    const frames: WatchedFrame[] = [];
    const replay = watcher(world.driver, first.streamId, frames);
    await replay.start();
    await expect(replay.whenDone()).resolves.toMatchObject({ status: 'ended', chain: { ended: 'signed' } });
    expect(frames.flatMap((f) => f.payload?.packets ?? [])).toEqual(packets);
  });
});
