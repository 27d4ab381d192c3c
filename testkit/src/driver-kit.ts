/**
 * A minimal recording client for server tests, built straight on `@seccam/pki` sealing (the
 * full-featured recorder lives in the device SDK): create a stream over GraphQL, seal frames
 * with a chosen epoch key, talk to /ws/ingest and /ws/watch with raw sockets.
 */
import type WebSocket from 'ws';
import {
  decodePem,
  generateEpochKey,
  genesisPrevHash,
  importBundleKeys,
  importCertificatePublicKey,
  sealFrame,
  verifyFrameSequence,
  type BundleContents,
  type EpochKey,
  type IdentityKeys,
  type SequenceResult,
} from '@seccam/pki';
import { encodeMediaPayload, FrameFlags, serializeControlMessage, type ControlMessage } from '@seccam/schema';
import type { HttpsClient } from '@seccam/device/node';
import { openWs } from './ws-client.ts';
import type { TestApi } from './test-api.ts';

export interface TestStream {
  readonly id: string;
  readonly sigCertificatePem: string;
  readonly genesis: Uint8Array;
}

export async function startStream(client: HttpsClient, title = 'test drive'): Promise<TestStream> {
  const { startStream: s } = await client.graphql<{ startStream: { id: string; sigCertificatePem: string } }>(
    'mutation($i: StartStreamInput!) { startStream(input: $i) { id sigCertificatePem } }',
    { i: { title } },
  );
  return {
    id: s.id,
    sigCertificatePem: s.sigCertificatePem,
    genesis: await genesisPrevHash(s.id, decodePem(s.sigCertificatePem, ['CERTIFICATE'])),
  };
}

/**
 * What `api` stored for `streamId`, read back from storage: the seqs of its rows, and the check of
 * all its frames as one chain from the stream's genesis under `sigCertPem`, a signed END required.
 */
export async function storedChain(api: TestApi, streamId: string, sigCertPem: string): Promise<{ seqs: number[]; check: SequenceResult }> {
  const rows = await api.app.services.chunks.range(streamId, 0, 10_000);
  const check = await verifyFrameSequence(
    rows.map((r) => r.bytes),
    {
      streamId,
      sigPublicKey: await importCertificatePublicKey(sigCertPem, 'sig'),
      start: { kind: 'genesis', genesisPrevHash: await genesisPrevHash(streamId, decodePem(sigCertPem, ['CERTIFICATE'])) },
      requireEnd: true,
    },
  );
  return { seqs: rows.map((r) => r.seq), check };
}

/** Deterministic payload bytes for frame `seq` (so tests can compare what comes back). */
export function payloadFor(seq: number, size = 200): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (seq * 31 + i * 7) & 0xff;
  return encodeMediaPayload({
    tracks: [],
    packets: [{ trackId: 0, key: seq % 10 === 0, timestampUs: seq * 100_000, durationUs: 100_000, data }],
  });
}

/** Seals consecutive frames; keeps the chain state between calls. */
export class FrameSealer {
  seq = 0;
  prevHash: Uint8Array;
  epoch = 0;
  private key: EpochKey | undefined;

  constructor(
    readonly stream: TestStream,
    readonly keys: IdentityKeys,
  ) {
    this.prevHash = stream.genesis;
  }

  static async forAccount(stream: TestStream, contents: BundleContents): Promise<FrameSealer> {
    return new FrameSealer(stream, await importBundleKeys(contents));
  }

  async epochKey(): Promise<EpochKey> {
    this.key ??= await generateEpochKey({ streamId: this.stream.id, epoch: this.epoch });
    return this.key;
  }

  async rotate(): Promise<EpochKey> {
    this.epoch += 1;
    this.key = undefined;
    return this.epochKey();
  }

  /** Seals the next frame (KEYFRAME|INIT every 10 frames, like a 1 s keyframe interval). */
  async next(options: { end?: boolean; payload?: Uint8Array; flags?: number } = {}): Promise<Uint8Array> {
    const keyframe = this.seq % 10 === 0;
    const flags = options.flags ?? (keyframe ? FrameFlags.KEYFRAME | FrameFlags.INIT : 0) | (options.end ? FrameFlags.END : 0);
    const sealed = await sealFrame({
      streamId: this.stream.id,
      epoch: this.epoch,
      seq: this.seq,
      captureTs: 1_700_000_000_000 + this.seq * 100,
      flags,
      prevHash: this.prevHash,
      payload: options.payload ?? payloadFor(this.seq),
      epochKey: await this.epochKey(),
      sigPrivateKey: this.keys.sig.privateKey,
    });
    this.seq += 1;
    this.prevHash = sealed.chainHash;
    return sealed.frameBytes;
  }

  async many(n: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }
}

/** A raw WebSocket with a message log and helpers to await messages and the close. */
export class TestSocket {
  readonly texts: ControlMessage[] = [];
  readonly binaries: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => {
        resolve();
      });
      ws.once('unexpected-response', (_req, res) => {
        reject(new Error(`upgrade refused: ${res.statusCode}`));
      });
      ws.once('error', reject);
    });
    ws.on('message', (data, isBinary) => {
      const bytes = new Uint8Array(data as Buffer);
      if (isBinary) this.binaries.push(bytes);
      else this.texts.push(JSON.parse(Buffer.from(bytes).toString('utf8')) as ControlMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(api: TestApi, path: string, client: HttpsClient): Promise<TestSocket> {
    const s = new TestSocket(openWs(api, path, { client }));
    await s.opened;
    return s;
  }

  /** An ingest socket that said hello for `streamId` and was told where to resume. */
  static async ingest(api: TestApi, client: HttpsClient, streamId: string): Promise<TestSocket> {
    const s = await TestSocket.open(api, '/ws/ingest', client);
    s.send({ type: 'hello', streamId });
    await s.until((x) => x.message('resume') !== undefined);
    return s;
  }

  /** A watch socket subscribed to `streamId` (from seq 0 unless told). */
  static async watch(api: TestApi, client: HttpsClient, streamId: string, from: number | 'live' = 0): Promise<TestSocket> {
    const s = await TestSocket.open(api, '/ws/watch', client);
    s.send({ type: 'subscribe', streamId, from });
    await s.until((x) => x.message('subscribed') !== undefined);
    return s;
  }

  send(message: ControlMessage): void {
    this.ws.send(serializeControlMessage(message));
  }

  sendFrame(bytes: Uint8Array): void {
    this.ws.send(bytes, { binary: true });
  }

  /** Waits until `predicate` holds over what arrived (or the socket closes, or `timeoutMs`). */
  async until(predicate: (s: TestSocket) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const state = { closed: false };
    void this.closed.then(() => {
      state.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    while (!predicate(this)) {
      if (state.closed) throw new Error(`socket closed before condition; texts: ${JSON.stringify(this.texts)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; texts: ${JSON.stringify(this.texts).slice(0, 500)}, frames: ${this.binaries.length}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  lastAck(): number | null {
    for (let i = this.texts.length - 1; i >= 0; i--) {
      const m = this.texts[i];
      if (m?.type === 'ack') return m.seq;
    }
    return null;
  }

  message<T extends ControlMessage['type']>(type: T): Extract<ControlMessage, { type: T }> | undefined {
    return this.texts.find((m) => m.type === type) as Extract<ControlMessage, { type: T }> | undefined;
  }
}
