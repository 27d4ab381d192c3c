// Test support only: a small but real `/ws/ingest` peer speaking docs/PROTOCOL.md §7 on a
// local port, for the IngestClient's connection logic (acks, resume, resend, close codes).
// It checks seqs and resends like the server does but not signatures: the real server is
// exercised by the integration tests.
import type { AddressInfo } from 'node:net';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import {
  CloseCode,
  FRAME_HEADER_BYTES,
  FrameFlags,
  bytesEqual,
  bytesToBase64,
  decodeFrame,
  decodeFrameHeader,
  encodeFrame,
  encodeFrameHeader,
  hasFlag,
  parseIngestClientMessage,
  serializeControlMessage,
  type IngestServerMessage,
} from '@seccam/schema';
import { chainHash } from '@seccam/pki';

/** What the peer does with an incoming frame before storing it. */
export type FrameHook = (seq: number, ws: WebSocket) => 'store' | 'ignore' | 'terminate' | { close: number; reason?: string };

export interface IngestPeerOptions {
  /** Answer the upgrade with this HTTP status instead of accepting it. */
  readonly refuseWith?: number;
  /** Hold acks back (frames are still stored). */
  readonly holdAcks?: boolean;
}

export class IngestPeer {
  readonly stored = new Map<number, Uint8Array>();
  readonly received: number[] = [];
  hellos = 0;
  endSeq: number | null = null;
  onFrame: FrameHook = () => 'store';
  holdAcks: boolean;
  #socket: WebSocket | null = null;
  #chainHead: Uint8Array = new Uint8Array(32);
  #epoch: number | null = null;
  #tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly server: WebSocketServer,
    readonly streamId: string,
    options: IngestPeerOptions,
  ) {
    this.holdAcks = options.holdAcks ?? false;
    server.on('connection', (ws) => {
      this.#socket = ws;
      ws.on('message', (data, isBinary) => {
        // one message at a time, in arrival order, like the server's per-socket queue
        this.#tail = this.#tail.then(() => this.#onMessage(ws, data, isBinary));
      });
    });
  }

  static async start(streamId: string, options: IngestPeerOptions = {}): Promise<IngestPeer> {
    const server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      ...(options.refuseWith === undefined
        ? {}
        : {
            verifyClient: (_info, done) => {
              done(false, options.refuseWith);
            },
          }),
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new IngestPeer(server, streamId, options);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws/ingest`;
  }

  get lastSeq(): number | null {
    return this.stored.size === 0 ? null : this.stored.size - 1;
  }

  send(message: IngestServerMessage): void {
    this.#socket?.send(serializeControlMessage(message));
  }

  /** Drops the current connection without a close handshake (a lost signal). */
  kill(): void {
    this.#socket?.terminate();
  }

  /** Stops reading the current connection: pings go unanswered, as on a link gone silent. */
  goSilent(): void {
    this.#socket?.pause();
  }

  closeWith(code: number, reason = ''): void {
    this.#socket?.close(code, reason);
  }

  /** Acks everything stored (after `holdAcks`). */
  ackAll(): void {
    if (this.lastSeq !== null) this.send({ type: 'ack', seq: this.lastSeq });
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  async #onMessage(ws: WebSocket, data: WebSocket.RawData, isBinary: boolean): Promise<void> {
    if (!isBinary) {
      parseIngestClientMessage(rawText(data));
      this.hellos += 1;
      if (this.endSeq !== null) {
        ws.close(CloseCode.StreamEnded);
        return;
      }
      this.send({
        type: 'resume',
        streamId: this.streamId,
        lastSeq: this.lastSeq,
        chainHeadB64: bytesToBase64(this.#chainHead),
        epoch: this.#epoch,
      });
      return;
    }
    const bytes = new Uint8Array(data as Buffer);
    const frame = decodeFrame(bytes);
    const { seq } = frame.header;
    this.received.push(seq);
    const next = this.stored.size;
    if (seq < next) {
      if (bytesEqual(this.stored.get(seq) ?? new Uint8Array(0), bytes)) this.send({ type: 'ack', seq });
      else ws.close(CloseCode.SequenceConflict);
      return;
    }
    if (seq > next) {
      ws.close(CloseCode.SequenceGap);
      return;
    }
    const action = this.onFrame(seq, ws);
    if (action === 'ignore') return;
    if (action === 'terminate') {
      ws.terminate();
      return;
    }
    if (action !== 'store') {
      ws.close(action.close, action.reason);
      return;
    }
    this.stored.set(seq, bytes);
    this.#chainHead = await chainHash(frame.headerBytes, frame.ciphertext);
    this.#epoch = frame.header.epoch;
    if (hasFlag(frame.header.flags, FrameFlags.END)) {
      this.endSeq = seq;
      this.send({ type: 'end', seq });
      ws.close(1000);
    } else if (!this.holdAcks) {
      this.send({ type: 'ack', seq });
    }
  }
}

/** A decodable frame with random ciphertext and a zero signature (the peer checks no signature). */
export function fakeFrame(streamId: string, seq: number, options: { end?: boolean; size?: number } = {}): Uint8Array {
  const ciphertext = crypto.getRandomValues(new Uint8Array(Math.max(16, options.size ?? 64)));
  const header = encodeFrameHeader({
    flags: options.end ? FrameFlags.END : 0,
    streamId,
    epoch: 0,
    seq,
    captureTs: 1_700_000_000_000 + seq,
    prevHash: new Uint8Array(32),
    ciphertextLength: ciphertext.byteLength,
  });
  return encodeFrame(header, ciphertext, new Uint8Array(64));
}

/** The text of a ws message (a Buffer with the default `binaryType`). */
function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

export function seqOf(frameBytes: Uint8Array): number {
  return decodeFrameHeader(frameBytes.subarray(0, FRAME_HEADER_BYTES)).seq;
}
