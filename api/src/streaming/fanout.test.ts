/**
 * Live fan-out: across two API instances on one database (LISTEN/NOTIFY), and past a viewer
 * that stops reading — it must not hold up the driver or other viewers, and must still get
 * every frame in order once it reads again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FrameSealer,
  type HttpsClient,
  type ReadyAccount,
  startStream,
  startTestApi,
  type TestApi,
  TestSocket,
  signedInAccount,
  sameSession,
} from '@seccam/testkit';
import { encodeMediaPayload } from '@seccam/schema';
import type { Socket } from 'node:net';

describe('live fan-out', () => {
  let a: TestApi;
  let b: TestApi;
  let driver: ReadyAccount;
  let onA: HttpsClient;
  let onB: HttpsClient;

  beforeAll(async () => {
    const limits = { watch: { highWaterBytes: 256 * 1024, batchFrames: 8, subscribeTimeoutMs: 10_000, maxConnectionsPerUser: 32 } };
    a = await startTestApi({ streamingLimits: limits });
    b = await startTestApi({ db: a.db, secrets: a.secrets, streamingLimits: limits });
    ({ account: driver, client: onA } = await signedInAccount(a, 'driver'));
    onB = sameSession(b, onA);
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('delivers frames ingested on one instance to viewers of another', async () => {
    const stream = await startStream(onA);
    const sealer = await FrameSealer.forAccount(stream, driver.contents);
    const ingest = await TestSocket.ingest(a, onA, stream.id);
    const remote = await TestSocket.watch(b, onB, stream.id, 'live');
    const frames = await sealer.many(20);
    for (const f of frames) ingest.sendFrame(f);
    await remote.until((x) => x.binaries.length === 20);
    expect(remote.binaries).toEqual(frames);
    ingest.sendFrame(await sealer.next({ end: true }));
    await remote.until((x) => x.message('end') !== undefined);
    expect((await remote.closed).code).toBe(1000);
  });

  it('does not let a viewer that stops reading hold up the driver or other viewers', async () => {
    const stream = await startStream(onA);
    const sealer = await FrameSealer.forAccount(stream, driver.contents);
    const ingest = await TestSocket.ingest(a, onA, stream.id);
    const slow = await TestSocket.watch(a, onA, stream.id, 'live');
    const fast = await TestSocket.watch(a, onA, stream.id, 'live');
    // The slow viewer's TCP socket stops reading: its kernel buffers and then the server's fill.
    const slowSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    slowSocket.pause();

    const big = (seq: number): Uint8Array => {
      const data = new Uint8Array(200 * 1024).fill(seq & 0xff);
      return encodeMediaPayload({ tracks: [], packets: [{ trackId: 0, key: false, timestampUs: seq, durationUs: 1, data }] });
    };
    const frames: Uint8Array[] = [];
    for (let i = 0; i < 80; i++) frames.push(await sealer.next({ payload: big(i) }));
    for (const f of frames) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() === 79, 30_000);
    await fast.until((x) => x.binaries.length === 80, 30_000);
    expect(sameFrames(fast.binaries, frames)).toBe(true);
    // 16 MB were sent; the stalled viewer has far less in flight (bounded by the high-water mark + OS buffers).
    expect(slow.binaries.length).toBeLessThan(80);

    slowSocket.resume();
    await slow.until((x) => x.binaries.length === 80, 30_000);
    expect(sameFrames(slow.binaries, frames)).toBe(true);
  });
});

/** Byte-wise equality of frame lists (deep-equal on 16 MB of typed arrays is far too slow). */
function sameFrames(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((f, i) => Buffer.from(f).equals(Buffer.from(b[i] ?? new Uint8Array())));
}
