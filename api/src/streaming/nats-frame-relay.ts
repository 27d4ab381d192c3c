/**
 * Live frames between instances over NATS ([Note: frames between instances] in frame-relay.ts).
 * Each frame travels on `seccam.frames.<streamId>` as its exact signed bytes, with its seq,
 * epoch, flags, the end mark and the publishing instance in message headers. Only instances
 * with a watcher of the stream subscribe, so a frame crosses the network once per such
 * instance. Publishing is best effort: while the link is down, or for a frame larger than the
 * server's `max_payload`, only what fits is sent (the seq without bytes, or nothing), and the
 * watchers elsewhere read storage.
 */
import { headers, type MsgHdrs, type Msg } from '@nats-io/transport-node';
import type { NatsLink } from '../event-bus/nats-link.ts';
import type { StoredFrame } from '../modules/streams/chunk-store.ts';
import type { FrameRelay, OnRelayed } from './frame-relay.ts';

export const FRAMES_SUBJECT_PREFIX = 'seccam.frames';

/** Room left in a message for its headers and protocol line. */
const HEADER_ROOM_BYTES = 1024;

const H = {
  origin: 'Seccam-Origin',
  seq: 'Seccam-Seq',
  epoch: 'Seccam-Epoch',
  flags: 'Seccam-Flags',
  ended: 'Seccam-Ended',
  /** Present when the bytes did not fit: the receiver reads the frame from storage. */
  omitted: 'Seccam-Bytes-Omitted',
} as const;

/** The subject of a stream's frames; stream ids are UUIDs, so they are single NATS tokens. */
export function framesSubject(streamId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(streamId)) throw new Error(`stream id ${JSON.stringify(streamId)} is not a NATS subject token`);
  return `${FRAMES_SUBJECT_PREFIX}.${streamId}`;
}

export class NatsFrameRelay implements FrameRelay {
  constructor(
    private readonly link: NatsLink,
    private readonly instanceId: string,
  ) {}

  publish(streamId: string, frames: readonly StoredFrame[], ended: boolean): Promise<void> {
    if (!this.link.isConnected()) return Promise.resolve(); // storage has them; watchers elsewhere catch up
    const { connection } = this.link;
    const room = (connection.info?.max_payload ?? 0) - HEADER_ROOM_BYTES;
    const subject = framesSubject(streamId);
    for (const [i, frame] of frames.entries()) {
      const fits = frame.bytes.length <= room;
      const h = this.headersFor(frame, ended && i === frames.length - 1, fits);
      connection.publish(subject, fits ? frame.bytes : new Uint8Array(), { headers: h });
    }
    return Promise.resolve();
  }

  follow(streamId: string, onRelayed: OnRelayed): () => void {
    const subscription = this.link.connection.subscribe(framesSubject(streamId), {
      callback: (error, msg) => {
        if (error) return;
        const relayed = parseRelayedFrame(msg);
        if (relayed && relayed.origin !== this.instanceId) onRelayed(relayed.seq, relayed.ended, relayed.frame);
      },
    });
    return () => {
      if (!this.link.connection.isClosed()) subscription.unsubscribe();
    };
  }

  close(): void {
    // The subscriptions end with the link, which the event bus owns.
  }

  private headersFor(frame: StoredFrame, ended: boolean, withBytes: boolean): MsgHdrs {
    const h = headers();
    h.set(H.origin, this.instanceId);
    h.set(H.seq, String(frame.seq));
    h.set(H.epoch, String(frame.epoch));
    h.set(H.flags, String(frame.flags));
    if (ended) h.set(H.ended, '1');
    if (!withBytes) h.set(H.omitted, '1');
    return h;
  }
}

interface RelayedFrame {
  readonly origin: string;
  readonly seq: number;
  readonly ended: boolean;
  readonly frame: StoredFrame | undefined;
}

/** A received message, checked at the boundary; anything malformed is dropped (`null`). */
export function parseRelayedFrame(msg: Pick<Msg, 'headers' | 'data'>): RelayedFrame | null {
  const h = msg.headers;
  if (!h) return null;
  const origin = h.get(H.origin);
  const seq = counter(h.get(H.seq));
  const epoch = counter(h.get(H.epoch));
  const flags = counter(h.get(H.flags));
  if (!origin || seq === null || epoch === null || flags === null) return null;
  const omitted = h.get(H.omitted) === '1';
  if (!omitted && msg.data.length === 0) return null;
  return {
    origin,
    seq,
    ended: h.get(H.ended) === '1',
    frame: omitted ? undefined : { seq, epoch, flags, bytes: new Uint8Array(msg.data) }, // a copy: the ring must not pin the client's read buffer
  };
}

function counter(text: string): number | null {
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}
