/**
 * The title and start a viewer is shown come from the driver's signed INIT frames, so a
 * database editor who changes `streams.title` / `started_at` changes nothing a viewer takes as
 * fact, and the change is reported as a mismatch.
 */
import { editDatabase } from '@seccam/testkit';
import { describe, expect, it } from 'vitest';
import { createGrant } from '../sharing/grants.ts';
import { Recorder } from './recorder.ts';
import { START_TOLERANCE_MS, streamInfoMismatches } from './signed-stream-info.ts';
import { readStreamMedia } from './stream-media.ts';
import { fetchStream } from './stream-operations.ts';
import { sourceGroups, useStreamingWorld, watcher } from './streaming-parties.test-support.ts';
import type { WatchedFrame } from './watch-frames.ts';

describe('signed stream info', () => {
  const world = useStreamingWorld();

  it('shows the signed title and start after the database was edited, and names both changes', async () => {
    const startedAtMs = Date.now();
    const signed = { title: 'Van 7 · depot run', startedAtMs };
    const { groups } = sourceGroups(2, startedAtMs, signed);
    const recorder = await Recorder.start({ client: world.driver.client, identity: world.driver.identity, title: signed.title });
    await createGrant(world.driver.client, world.driver.identity, {
      dispatcher: world.dispatcher.username,
      scope: 'streams',
      streamIds: [recorder.streamId],
    });
    for (const group of groups) await recorder.push(group);
    await recorder.end();

    const before = await fetchStream(world.dispatcher.client, recorder.streamId);
    expect(streamInfoMismatches(before, signed)).toEqual([]);

    await editDatabase(world.api.db.database, `UPDATE streams SET title = $1, started_at = started_at - interval '3 hours' WHERE id = $2`, [
      'Lunch break',
      recorder.streamId,
    ]);
    const edited = await fetchStream(world.dispatcher.client, recorder.streamId);
    expect(edited.title).toBe('Lunch break');

    const media = await readStreamMedia(world.dispatcher.client, world.dispatcher.identity, recorder.streamId);
    expect(media.info).toEqual(signed);
    expect(streamInfoMismatches(edited, signed)).toEqual([
      { field: 'title', server: 'Lunch break', signed: 'Van 7 · depot run' },
      { field: 'start', server: edited.startedAt, signed: new Date(startedAtMs).toISOString() },
    ]);

    // A viewer joining at any keyframe reads the same signed info from that INIT frame.
    const frames: WatchedFrame[] = [];
    const late = watcher(world.dispatcher, recorder.streamId, frames, { from: 10, untilHead: true });
    await late.start();
    await late.whenDone();
    const keyframes = frames.filter((frame) => frame.keyframe);
    expect(keyframes.length).toBeGreaterThan(0);
    expect(keyframes.every((frame) => frame.payload?.info?.title === signed.title && frame.payload.info.startedAtMs === startedAtMs)).toBe(
      true,
    );
    expect(frames.filter((frame) => !frame.init).every((frame) => frame.payload?.info === undefined)).toBe(true);
  });

  it('allows set-up time between the signed start and the first frame, not more', () => {
    const startedAtMs = Date.parse('2026-12-03T08:00:00.000Z');
    const signed = { title: 'x', startedAtMs };
    const at = (ms: number) => new Date(startedAtMs + ms).toISOString();
    expect(streamInfoMismatches({ title: 'x', startedAt: at(START_TOLERANCE_MS) }, signed)).toEqual([]);
    expect(streamInfoMismatches({ title: 'x', startedAt: at(-START_TOLERANCE_MS) }, signed)).toEqual([]);
    expect(streamInfoMismatches({ title: 'x', startedAt: null }, signed)).toEqual([]);
    expect(streamInfoMismatches({ title: 'x', startedAt: at(START_TOLERANCE_MS + 1) }, signed).map((m) => m.field)).toEqual(['start']);
    expect(streamInfoMismatches({ title: 'x', startedAt: 'not a date' }, signed).map((m) => m.field)).toEqual(['start']);
    expect(streamInfoMismatches({ title: 'X', startedAt: at(0) }, signed).map((m) => m.field)).toEqual(['title']);
  });
});
