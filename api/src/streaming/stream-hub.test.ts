import { describe, expect, it } from 'vitest';
import type { OnRelayed } from './frame-relay.ts';
import { StreamHub } from './stream-hub.ts';

const frame = (seq: number, size = 100) => ({ seq, epoch: 0, flags: 0, bytes: new Uint8Array(size) });

describe('StreamHub', () => {
  it('keeps a bounded ring per stream and serves recent frames from it', () => {
    const hub = new StreamHub({ ringFrames: 3, ringBytes: 1_000, totalBytes: 10_000 });
    for (let seq = 0; seq < 5; seq++) hub.committed('a', frame(seq), false);
    expect(hub.recent('a', 1)).toBeUndefined();
    expect(hub.recent('a', 4)?.seq).toBe(4);
    expect(hub.stats).toEqual({ streams: 1, bytes: 300 });
  });

  it('bounds all rings together, dropping the least recently written first', () => {
    const hub = new StreamHub({ ringFrames: 10, ringBytes: 1_000, totalBytes: 1_000 });
    hub.committed('old', frame(0, 600), false);
    hub.committed('new', frame(0, 600), false);
    expect(hub.recent('old', 0)).toBeUndefined();
    expect(hub.recent('new', 0)?.seq).toBe(0);
    expect(hub.stats).toEqual({ streams: 1, bytes: 600 });
  });

  it('forgets an ended stream nobody follows, but keeps one a watcher is attached to', () => {
    const hub = new StreamHub();
    hub.committed('a', frame(0), false);
    hub.committed('a', frame(1), true);
    expect(hub.stats).toEqual({ streams: 0, bytes: 0 });

    hub.attach('b', 4, false);
    hub.committedElsewhere('b', 5, true);
    expect(hub.head('b')).toEqual({ seq: 5, ended: true });
    hub.detach('b');
    expect(hub.stats.streams).toBe(0);
  });

  it('wakes waiters on a commit, and gives up after a timeout only when asked for one', async () => {
    const hub = new StreamHub();
    hub.attach('s', 3, false);
    const signal = new AbortController().signal;
    const woken = hub.waitAfter('s', 3, signal, 5_000);
    hub.committedElsewhere('s', 4);
    expect(await woken).toBe(true);
    expect(await hub.waitAfter('s', 4, signal, 20)).toBe(false);
    expect(await hub.waitAfter('s', 2, signal, 20)).toBe(true);
  });

  it('catches a lost announcement with one head query for all waited-on streams, not one per waiter', async () => {
    const storage = new Map([
      ['a', { lastSeq: 3, ended: false }],
      ['b', { lastSeq: 7, ended: false }],
    ]);
    const queries: string[][] = [];
    const hub = new StreamHub(undefined, undefined, {
      heads: (ids) => {
        queries.push([...ids].sort());
        return Promise.resolve(
          new Map(ids.flatMap((id) => (storage.has(id) ? [[id, storage.get(id) ?? { lastSeq: null, ended: false }] as const] : []))),
        );
      },
      checkEveryMs: 20,
      onCheckFailed: (e) => {
        throw e;
      },
    });
    hub.attach('a', 3, false);
    hub.attach('b', 7, false);
    const aborter = new AbortController();
    const waits = [hub.waitAfter('a', 3, aborter.signal), hub.waitAfter('a', 3, aborter.signal), hub.waitAfter('b', 7, aborter.signal)];
    let woken = 0;
    for (const w of waits) void w.then(() => (woken += 1));
    while (queries.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(woken).toBe(0);
    // Frame 4 of `a` was committed elsewhere and its announcement lost: the next check wakes a's waiters only.
    storage.set('a', { lastSeq: 4, ended: false });
    expect(await Promise.all(waits.slice(0, 2))).toEqual([true, true]);
    expect(hub.head('a')).toEqual({ seq: 4, ended: false });
    expect(woken).toBe(2);
    expect(queries.every((q) => q.length <= 2 && new Set(q).size === q.length)).toBe(true);
    aborter.abort();
    expect(await waits[2]).toBe(false);
    // Nobody waits any more: the checks stop.
    const asked = queries.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(queries.length).toBeLessThanOrEqual(asked + 1);
    hub.close();
  });

  it('keeps a frame relayed from another instance only if it is the next seq; after a gap only the head moves', () => {
    const hub = new StreamHub();
    hub.attach('s', 4, false);
    hub.committedElsewhere('s', 5, false, frame(5));
    expect(hub.recent('s', 5)?.seq).toBe(5);
    // 6 and 7 were lost on the way: 8 is not kept, the head moves and readers of 6.. go to storage.
    hub.committedElsewhere('s', 8, false, frame(8));
    expect(hub.head('s')).toEqual({ seq: 8, ended: false });
    expect(hub.recent('s', 8)).toBeUndefined();
    // The next one is kept again; the ring restarts there, so it never holds a hole.
    hub.committedElsewhere('s', 9, false, frame(9));
    expect([hub.recent('s', 5), hub.recent('s', 9)?.seq]).toEqual([undefined, 9]);
    // An announcement without bytes, or a frame already known, changes nothing in the ring.
    hub.committedElsewhere('s', 10);
    hub.committedElsewhere('s', 10, false, frame(10));
    expect(hub.recent('s', 10)).toBeUndefined();
    expect(hub.stats.bytes).toBe(100);
  });

  it('follows the relay for a stream while watchers are attached, once however many', () => {
    const follows: string[] = [];
    const onRelayed = new Map<string, OnRelayed>();
    let unfollowed = 0;
    const hub = new StreamHub(undefined, {
      follow: (streamId, cb) => {
        follows.push(streamId);
        onRelayed.set(streamId, cb);
        return () => (unfollowed += 1);
      },
    });
    hub.attach('s', null, false);
    hub.attach('s', null, false);
    expect(follows).toEqual(['s']);
    onRelayed.get('s')?.(0, false, frame(0));
    expect(hub.recent('s', 0)?.seq).toBe(0);
    hub.detach('s');
    expect(unfollowed).toBe(0);
    hub.detach('s');
    expect(unfollowed).toBe(1);
    hub.attach('s', 0, false);
    expect(follows).toEqual(['s', 's']);
  });
});
