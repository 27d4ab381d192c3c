import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '@seccam/schema';
import { wsSocketControl } from '../node/ws-socket-control.ts';
import { IngestClient, type IngestClientOptions, type IngestStatus } from './ingest-client.ts';
import { IngestPeer, fakeFrame } from './ingest-peer.test-support.ts';
import { isStreamingError } from './streaming-error.ts';

const STREAM = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';

let peer: IngestPeer | undefined;
let client: IngestClient | undefined;

afterEach(async () => {
  await client?.close();
  await peer?.stop();
  client = undefined;
  peer = undefined;
});

async function setup(
  peerOptions = {},
  options: Partial<IngestClientOptions> = {},
): Promise<{ peer: IngestPeer; client: IngestClient; statuses: IngestStatus[] }> {
  peer = await IngestPeer.start(STREAM, peerOptions);
  const url = peer.url;
  client = new IngestClient({
    streamId: STREAM,
    connect: () => new WebSocket(url),
    socketControl: wsSocketControl,
    backoff: { initialMs: 5, maxMs: 20 },
    random: () => 0.5,
    ...options,
  });
  const statuses: IngestStatus[] = [];
  client.on('status', (status) => statuses.push(status));
  return { peer, client, statuses };
}

function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not reached in time'));
      else setTimeout(tick, 5);
    };
    tick();
  });
}

describe('IngestClient', () => {
  it('says hello, resumes from the stored head, sends frames and forgets them once acked', async () => {
    const { peer, client, statuses } = await setup();
    const acks: number[] = [];
    client.on('ack', (seq) => acks.push(seq));
    const resume = await client.start();
    expect(resume).toMatchObject({ type: 'resume', streamId: STREAM, lastSeq: null, epoch: null });
    const frames = [0, 1, 2, 3].map((seq) => fakeFrame(STREAM, seq));
    for (const frame of frames) client.enqueue(frame);
    await until(() => client.lastAckedSeq === 3);
    expect(client.unackedCount).toBe(0);
    expect(client.bufferedBytes).toBe(0);
    expect(acks.at(-1)).toBe(3);
    expect([...peer.stored.values()]).toEqual(frames);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('keeps frames sealed while offline and sends them after the first resume', async () => {
    const { peer, client } = await setup();
    const frames = [0, 1, 2].map((seq) => fakeFrame(STREAM, seq));
    for (const frame of frames) client.enqueue(frame);
    expect(client.unackedCount).toBe(3);
    await client.start();
    await until(() => client.lastAckedSeq === 2);
    expect([...peer.stored.values()]).toEqual(frames);
  });

  it('reconnects after the connection is killed mid-stream and resends the exact unacked bytes, nothing lost or duplicated', async () => {
    const { peer, client, statuses } = await setup();
    const retries: number[] = [];
    client.on('retry', (detail) => retries.push(detail.closeCode));
    let killed = false;
    peer.onFrame = (seq) => {
      if (seq === 5 && !killed) {
        killed = true;
        return 'terminate';
      }
      return 'store';
    };
    await client.start();
    const frames = Array.from({ length: 10 }, (_, seq) => fakeFrame(STREAM, seq));
    for (const frame of frames) client.enqueue(frame);
    await until(() => client.lastAckedSeq === 9);
    expect(peer.hellos).toBe(2);
    expect(retries).toEqual([1006]);
    expect([...peer.stored.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...peer.stored.values()]).toEqual(frames);
    expect(statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('treats a sequence gap (4416) as retryable and resends from the server head', async () => {
    const { peer, client } = await setup();
    let dropped = false;
    peer.onFrame = (seq) => {
      if (seq === 2 && !dropped) {
        dropped = true;
        return 'ignore'; // as if frame 2 got lost in transit: frame 3 then arrives as a gap
      }
      return 'store';
    };
    await client.start();
    for (let seq = 0; seq < 6; seq++) client.enqueue(fakeFrame(STREAM, seq));
    await until(() => client.lastAckedSeq === 5);
    expect([...peer.stored.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peer.hellos).toBe(2);
  });

  it('retries on a server restart close (1012)', async () => {
    const { peer, client } = await setup();
    await client.start();
    client.enqueue(fakeFrame(STREAM, 0));
    await until(() => client.lastAckedSeq === 0);
    peer.closeWith(1012, 'restart');
    await until(() => peer.hellos === 2 && client.status === 'live');
    client.enqueue(fakeFrame(STREAM, 1));
    await until(() => client.lastAckedSeq === 1);
  });

  it('drops a silent connection (no pong) and reconnects', async () => {
    const { peer, client } = await setup({}, { pingIntervalMs: 30 });
    await client.start();
    peer.goSilent();
    client.enqueue(fakeFrame(STREAM, 0));
    await until(() => client.lastAckedSeq === 0);
    expect(peer.hellos).toBe(2);
  });

  it('fails on a non-retryable close with the code, reason and advice', async () => {
    const { peer, client, statuses } = await setup();
    peer.onFrame = (seq) => (seq === 1 ? { close: CloseCode.VerificationFailed, reason: 'signature' } : 'store');
    await client.start();
    client.enqueue(fakeFrame(STREAM, 0));
    client.enqueue(fakeFrame(STREAM, 1));
    const error: unknown = await client.whenEnded().catch((e: unknown) => e);
    expect(isStreamingError(error, 'CLOSED')).toBe(true);
    expect(error).toMatchObject({ closeCode: 4422, closeReason: 'signature' });
    expect(String(error)).toMatch(/4422 \(signature\).*signing certificate/);
    expect(statuses.at(-1)).toBe('failed');
    expect(client.error).toBe(error);
    expect(peer.hellos).toBe(1);
    expect(() => {
      client.enqueue(fakeFrame(STREAM, 2));
    }).toThrow(/4422/);
  });

  it('surfaces an HTTP refusal at upgrade without retrying', async () => {
    const { client } = await setup({ refuseWith: 401 });
    const error: unknown = await client.start().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REFUSED', httpStatus: 401 });
    expect(String(error)).toMatch(/log in again/);
  });

  it('refuses a frame that would overflow the offline buffer, and makes room as acks arrive', async () => {
    const frame = (seq: number): Uint8Array => fakeFrame(STREAM, seq, { size: 1000 });
    const size = frame(0).byteLength;
    const { peer, client } = await setup({ holdAcks: true }, { maxBufferedBytes: size * 3 });
    await client.start();
    for (let seq = 0; seq < 3; seq++) client.enqueue(frame(seq));
    expect(client.hasRoomFor(size)).toBe(false);
    expect(() => {
      client.enqueue(frame(3));
    }).toThrow(
      expect.objectContaining({
        code: 'BUFFER_FULL',
        message: expect.stringMatching(/offline buffer is full: 3 unacknowledged frames/) as unknown,
      }),
    );
    const room = client.waitForRoom(size);
    await until(() => peer.stored.size === 3);
    peer.ackAll();
    await room;
    client.enqueue(frame(3));
    expect(client.unackedCount).toBe(1);
  });

  it('resolves whenEnded when the server confirms the END frame', async () => {
    const { client, statuses } = await setup();
    await client.start();
    client.enqueue(fakeFrame(STREAM, 0));
    client.enqueue(fakeFrame(STREAM, 1, { end: true }));
    await expect(client.whenEnded()).resolves.toBe(1);
    expect(statuses.at(-1)).toBe('ended');
    expect(() => {
      client.enqueue(fakeFrame(STREAM, 2));
    }).toThrow();
  });

  it('finishes when the END frame was stored but the `end` was lost (4410 on resume)', async () => {
    const { peer, client } = await setup();
    peer.onFrame = (seq, ws) => {
      if (seq === 1) {
        peer.stored.set(1, fakeFrame(STREAM, 1, { end: true }));
        peer.endSeq = 1;
        ws.terminate();
        return 'ignore';
      }
      return 'store';
    };
    await client.start();
    client.enqueue(fakeFrame(STREAM, 0));
    client.enqueue(fakeFrame(STREAM, 1, { end: true }));
    await expect(client.whenEnded()).resolves.toBe(1);
    expect(peer.hellos).toBe(2);
  });

  it('emits rekey', async () => {
    const { peer, client } = await setup();
    await client.start();
    const rekeyed = new Promise<void>((resolve) => client.on('rekey', resolve));
    peer.send({ type: 'rekey' });
    await rekeyed;
  });

  it('gives up after maxReconnectAttempts when the server is gone', async () => {
    const { peer, client } = await setup({}, { maxReconnectAttempts: 2 });
    await client.start();
    await peer.stop();
    const error: unknown = await client.whenEnded().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNREACHABLE' });
  });

  it('fails on an ack for a seq that was never sent (protocol violation)', async () => {
    const { peer, client } = await setup();
    await client.start();
    peer.send({ type: 'ack', seq: 7 });
    const error: unknown = await client.whenEnded().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PROTOCOL', message: expect.stringMatching(/never sent/) as unknown });
  });

  it('refuses frames out of order or of another stream', async () => {
    const { client } = await setup();
    await client.start();
    client.enqueue(fakeFrame(STREAM, 0));
    expect(() => {
      client.enqueue(fakeFrame(STREAM, 2));
    }).toThrow(/seq 1 is expected/);
    expect(() => {
      client.enqueue(fakeFrame('11111111-1111-4111-8111-111111111111', 1));
    }).toThrow(/frame of stream/);
  });
});
