/**
 * The NATS frame relay against a real `nats-server` of its own: two links stand for two
 * instances. Frames arrive in order with their exact bytes and the end mark; an instance never
 * hears its own; a frame too large for the server's `max_payload` arrives as its seq alone (the
 * hub then reads storage); malformed messages are dropped; a stream id that is not one subject
 * token is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { headers } from '@nats-io/transport-node';
import type { NatsLink } from '../event-bus/nats-link.ts';
import { useNatsLinks } from '../event-bus/nats-links.test-support.ts';
import type { StoredFrame } from '../modules/streams/chunk-store.ts';
import { framesSubject, NatsFrameRelay } from './nats-frame-relay.ts';

const STREAM = '0b5c6a1e-2f57-4d43-9c0e-5a1d2b3c4d5e';
const frame = (seq: number, size = 64): StoredFrame => ({
  seq,
  epoch: 2,
  flags: seq === 0 ? 3 : 0,
  bytes: new Uint8Array(size).fill(seq + 1),
});

interface Heard {
  seq: number;
  ended: boolean;
  frame: StoredFrame | undefined;
}

describe('NATS frame relay', () => {
  const links = useNatsLinks();
  let a: NatsFrameRelay;
  let b: NatsFrameRelay;

  beforeAll(() => {
    a = new NatsFrameRelay(links.a, 'instance-a');
    b = new NatsFrameRelay(links.b, 'instance-b');
  });

  const follow = async (relay: NatsFrameRelay, link: NatsLink): Promise<{ heard: Heard[]; stop: () => void }> => {
    const heard: Heard[] = [];
    const stop = relay.follow(STREAM, (seq, ended, f) => heard.push({ seq, ended, frame: f }));
    await link.connection.flush(); // the subscription is at the server
    return { heard, stop };
  };

  it('carries frames to the other instance in order, bytes and end mark included, never back to the publisher', async () => {
    const onB = await follow(b, links.b);
    const onA = await follow(a, links.a);
    const frames = [frame(0), frame(1), frame(2)];
    await a.publish(STREAM, frames, true);
    await expect.poll(() => onB.heard.length).toBe(3);
    expect(onB.heard).toEqual([
      { seq: 0, ended: false, frame: frames[0] },
      { seq: 1, ended: false, frame: frames[1] },
      { seq: 2, ended: true, frame: frames[2] },
    ]);
    await links.a.connection.flush();
    expect(onA.heard).toEqual([]);
    onA.stop();
    onB.stop();
  });

  it("sends a frame larger than the server's max_payload as its seq alone", async () => {
    const onB = await follow(b, links.b);
    const big = frame(3, (links.a.connection.info?.max_payload ?? 0) + 1);
    await a.publish(STREAM, [big, frame(4)], false);
    await expect.poll(() => onB.heard.length).toBe(2);
    expect(onB.heard).toEqual([
      { seq: 3, ended: false, frame: undefined },
      { seq: 4, ended: false, frame: frame(4) },
    ]);
    onB.stop();
  });

  it('drops malformed messages and stops delivering once unfollowed', async () => {
    const onB = await follow(b, links.b);
    const raw = links.a.connection;
    const h = (entries: Record<string, string>) => {
      const hs = headers();
      for (const [k, v] of Object.entries(entries)) hs.set(k, v);
      return hs;
    };
    const good = { 'Seccam-Origin': 'x', 'Seccam-Seq': '7', 'Seccam-Epoch': '1', 'Seccam-Flags': '0' };
    raw.publish(framesSubject(STREAM), new Uint8Array([1])); // no headers
    raw.publish(framesSubject(STREAM), new Uint8Array([1]), { headers: h({ ...good, 'Seccam-Seq': '-1' }) });
    raw.publish(framesSubject(STREAM), new Uint8Array([1]), { headers: h({ ...good, 'Seccam-Epoch': 'one' }) });
    raw.publish(framesSubject(STREAM), new Uint8Array(), { headers: h(good) }); // bytes neither sent nor marked omitted
    raw.publish(framesSubject(STREAM), new Uint8Array([9]), { headers: h(good) });
    await expect.poll(() => onB.heard.length).toBe(1);
    expect(onB.heard).toEqual([{ seq: 7, ended: false, frame: { seq: 7, epoch: 1, flags: 0, bytes: new Uint8Array([9]) } }]);

    onB.stop();
    await links.b.connection.flush();
    await a.publish(STREAM, [frame(8)], false);
    await links.a.connection.flush();
    await links.b.connection.flush();
    expect(onB.heard.map((x) => x.seq)).toEqual([7]);
  });

  it('refuses a stream id that is not a single subject token', () => {
    expect(framesSubject(STREAM)).toBe(`seccam.frames.${STREAM}`);
    for (const bad of ['a.b', 'a*', '>', 'a b', '']) expect(() => framesSubject(bad)).toThrow(/is not a NATS subject token/);
  });
});
