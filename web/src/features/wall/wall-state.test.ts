import { describe, expect, it } from 'vitest';
import {
  applyFrame,
  applySilence,
  applyStreamEvent,
  applyUnreadable,
  applyWatchStatus,
  behindLiveSeconds,
  isWatchable,
  reconcileTiles,
  SILENCE_MS,
  stateLabel,
  type WallTile,
} from './wall-state';

const stream = (id: string, extra: { endedAt?: string | null; createdAt?: string; owner?: string } = {}) => ({
  id,
  owner: extra.owner ?? 'driver-ana',
  title: `drive ${id}`,
  createdAt: extra.createdAt ?? '2026-12-03T10:00:00.000Z',
  endedAt: extra.endedAt ?? null,
  lastSeq: 5,
  sigCertificatePem: '-----BEGIN CERTIFICATE-----',
});

const tileFor = (id: string, change: Partial<WallTile> = {}): WallTile => ({ ...must(reconcileTiles([], [stream(id)])[0]), ...change });

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

describe('reconcileTiles', () => {
  it('adds a tile per shared stream: connecting without END, ended with one; running ones first, then the newest', () => {
    const tiles = reconcileTiles(
      [],
      [
        stream('old', { endedAt: '2026-12-03T09:00:00.000Z', createdAt: '2026-12-03T08:00:00.000Z' }),
        stream('a'),
        stream('b', { createdAt: '2026-12-03T11:00:00.000Z' }),
      ],
    );
    expect(tiles.map((t) => [t.streamId, t.state])).toEqual([
      ['b', 'connecting'],
      ['a', 'connecting'],
      ['old', 'ended'],
    ]);
    expect(tiles.map(isWatchable)).toEqual([true, true, false]);
  });

  it('keeps the state of known tiles, and marks a tile whose stream left the list as revoked', () => {
    const live = tileFor('a', { state: 'live', lastCaptureTs: 1000 });
    const next = reconcileTiles([live, tileFor('b', { state: 'live' })], [stream('a')]);
    expect(next.map((t) => [t.streamId, t.state])).toEqual([
      ['a', 'live'],
      ['b', 'revoked'],
    ]);
    expect(must(next[0]).lastCaptureTs).toBe(1000);
  });

  it('watches again when a revoked stream is shared again, and leaves a deleted tile deleted', () => {
    const next = reconcileTiles([tileFor('a', { state: 'revoked' }), tileFor('d', { state: 'deleted' })], [stream('a')]);
    expect(next.map((t) => [t.streamId, t.state])).toEqual([
      ['a', 'connecting'],
      ['d', 'deleted'],
    ]);
  });
});

describe('applyStreamEvent', () => {
  const base = { streamId: null, driver: 'driver-ana', epoch: null };

  it('re-reads the list and notifies on shared, on revoked, and on started of a stream not on the wall', () => {
    expect(applyStreamEvent([], { ...base, kind: 'shared' })).toMatchObject({
      refetch: true,
      notice: 'driver-ana shared their recordings with you.',
    });
    expect(applyStreamEvent([], { ...base, kind: 'revoked' })).toMatchObject({
      refetch: true,
      notice: 'driver-ana stopped sharing with you.',
    });
    expect(applyStreamEvent([], { ...base, kind: 'started', streamId: 'x' })).toMatchObject({
      refetch: true,
      notice: 'driver-ana started streaming to you.',
    });
    expect(applyStreamEvent([tileFor('a')], { ...base, kind: 'started', streamId: 'a' })).toMatchObject({
      refetch: false,
      notice: 'driver-ana started streaming “drive a” to you.',
    });
  });

  it('ends, rekeys and deletes the named tile only, and leaves a final state alone', () => {
    const tiles = [tileFor('a', { state: 'live' }), tileFor('b', { state: 'live' }), tileFor('r', { state: 'revoked' })];
    const ended = applyStreamEvent(tiles, { ...base, kind: 'ended', streamId: 'a' });
    expect(ended.tiles.map((t) => [t.streamId, t.state])).toEqual([
      ['b', 'live'],
      ['r', 'revoked'],
      ['a', 'ended'],
    ]);
    expect(applyStreamEvent(tiles, { ...base, kind: 'ended', streamId: 'r' }).tiles.find((t) => t.streamId === 'r')?.state).toBe('revoked');
    expect(
      applyStreamEvent(tiles, { ...base, kind: 'rekeyed', streamId: 'b', epoch: 3 }).tiles.find((t) => t.streamId === 'b')?.epoch,
    ).toBe(3);
    const deleted = applyStreamEvent(tiles, { ...base, kind: 'deleted', streamId: 'b' });
    expect(deleted.tiles.find((t) => t.streamId === 'b')?.state).toBe('deleted');
    expect(deleted.notice).toBe('driver-ana deleted “drive b”.');
    expect(applyStreamEvent(tiles, { ...base, kind: 'viewers', streamId: 'a' })).toMatchObject({ refetch: false, notice: null });
  });
});

describe('a tile and its watch', () => {
  it('is catching up on frames from storage and live on frames as recorded, and tracks the newest capture time', () => {
    let tile = applyWatchStatus(tileFor('a'), 'live');
    expect(tile.state).toBe('catching-up');
    tile = applyFrame(tile, { seq: 10, captureTs: 5000, catchUp: false, detached: true }, 6000);
    expect(tile.state).toBe('catching-up');
    tile = applyFrame(tile, { seq: 11, captureTs: 5100, catchUp: true, detached: false }, 6000);
    expect(tile.state).toBe('catching-up');
    tile = applyFrame(tile, { seq: 12, captureTs: 5200, catchUp: false, detached: false }, 6100);
    expect(tile).toMatchObject({ state: 'live', lastSeq: 12, lastCaptureTs: 5200, lastFrameAt: 6100 });
    expect(applyWatchStatus(tile, 'live').state).toBe('live');
    expect(applyWatchStatus(tile, 'reconnecting').state).toBe('reconnecting');
    expect(applyWatchStatus(tile, 'ended').state).toBe('ended');
    expect(applyWatchStatus(tile, 'revoked').state).toBe('revoked');
    expect(applyWatchStatus(tile, 'closed')).toBe(tile);
  });

  it('is ended unsigned after a silence without END, and live again on a new live frame', () => {
    const live = applyFrame(tileFor('a'), { seq: 3, captureTs: 1000, catchUp: false, detached: false }, 1000);
    expect(applySilence(live, 1000 + SILENCE_MS - 1).state).toBe('live');
    const silent = applySilence(live, 1000 + SILENCE_MS);
    expect(silent.state).toBe('ended-unsigned');
    expect(stateLabel(silent)).toBe('Ended unsigned at seq 3');
    expect(isWatchable(silent)).toBe(true);
    expect(applyFrame(silent, { seq: 4, captureTs: 20_000, catchUp: false, detached: false }, 20_000).state).toBe('live');
    expect(applySilence(tileFor('a'), 1e12).state).toBe('connecting');
  });

  it('stays revoked, whatever the watch reports afterwards', () => {
    const revoked = tileFor('a', { state: 'revoked' });
    expect(applyWatchStatus(revoked, 'failed', { code: 'UNREACHABLE' })).toBe(revoked);
    expect(applyFrame(revoked, { seq: 9, captureTs: 1, catchUp: false, detached: false }, 1)).toBe(revoked);
    expect(stateLabel(revoked)).toBe('Access revoked');
  });

  it('raises the alarm naming the check on a verification failure, and says what to do on other failures', () => {
    const failed = applyWatchStatus(tileFor('a', { state: 'live' }), 'failed', {
      code: 'VERIFICATION',
      message: 'frame 7 failed verification',
      frameFailure: { reason: 'chain', seq: 7, message: 'prevHash does not match' },
    });
    expect(failed.state).toBe('failed');
    expect(failed.alarm).toMatchObject({ kind: 'chain', seq: 7, title: 'Broken chain at seq 7' });
    expect(stateLabel(failed)).toBe('Verification failed');
    const untrusted = applyWatchStatus(tileFor('a'), 'failed', { code: 'UNTRUSTED', message: 'not issued by the root' });
    expect(untrusted.alarm?.kind).toBe('certificate');
    const unreachable = applyWatchStatus(tileFor('a'), 'failed', { code: 'UNREACHABLE', message: 'gave up' });
    expect(unreachable).toMatchObject({ alarm: null, error: 'The server cannot be reached: check your connection, then press Retry.' });
    expect(stateLabel(unreachable)).toBe('Stopped');
  });

  it('raises the key alarm on an unreadable frame once, and keeps watching', () => {
    const tile = applyUnreadable(tileFor('a', { state: 'live' }), { reason: 'key-set', seq: 20, message: 'bad signature' });
    expect(tile).toMatchObject({ state: 'live', alarm: { kind: 'key', seq: 20 } });
    expect(applyUnreadable(tile, { reason: 'decrypt', seq: 21, message: 'x' })).toBe(tile);
  });

  it('says a key is missing (no alarm) until a frame decrypts again: right after a share the keys are still being wrapped', () => {
    const waiting = applyUnreadable(tileFor('a', { state: 'catching-up' }), { reason: 'no-key', seq: 3, message: 'no key of epoch 0' });
    expect(waiting).toMatchObject({ alarm: null, keyMissing: true });
    expect(applyFrame(waiting, { seq: 4, captureTs: 1, catchUp: false, detached: false }, 1)).toMatchObject({
      keyMissing: false,
      state: 'live',
    });
  });
});

describe('behindLiveSeconds', () => {
  it('is the wall clock minus the newest capture time, in tenths, never negative, null before a frame', () => {
    expect(behindLiveSeconds(null, 5000)).toBeNull();
    expect(behindLiveSeconds(1000, 3460)).toBe(2.5);
    expect(behindLiveSeconds(1000, 1040)).toBe(0);
    expect(behindLiveSeconds(5000, 1000)).toBe(0);
  });
});
