// Test support only (imported by *.test.ts): a recorded stream built with the real API.
import { FrameFlags, decodeFrame, encodeMediaPayload, type DecodedFrame } from '@seccam/schema';
import { ecKeyGenParams } from '../key-algorithms.ts';
import { genesisPrevHash } from './chain-hash.ts';
import { generateEpochKey, type EpochKey } from './epoch-key.ts';
import { sealFrame, type SealedFrame } from './seal-frame.ts';

export interface Recording {
  readonly streamId: string;
  readonly sig: CryptoKeyPair;
  readonly certDer: Uint8Array;
  readonly genesis: Uint8Array;
  readonly epochKeys: Map<number, EpochKey>;
  readonly sealed: SealedFrame[];
  readonly payloads: Uint8Array[];
}

export interface RecordOptions {
  readonly frames: number;
  /** First seq of epoch 1 (no rotation when omitted). */
  readonly rotateAt?: number;
  /** Seal the last frame with END. */
  readonly end: boolean;
  readonly streamId?: string;
  readonly sig?: CryptoKeyPair;
}

export function generateSigKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ecKeyGenParams(), false, ['sign', 'verify']);
}

/** The payload of frame `seq`: a keyframe (with INIT track configs) every 10 frames. */
export function payloadFor(seq: number): { flags: number; payload: Uint8Array } {
  const key = seq % 10 === 0;
  const tracks = key
    ? [{ kind: 'video' as const, trackId: 0, codec: 'vp8', codedWidth: 640, codedHeight: 480, description: new Uint8Array(0) }]
    : [];
  const packets = [0, 1].map((i) => ({
    trackId: 0,
    key: key && i === 0,
    timestampUs: seq * 100_000 + i * 50_000,
    durationUs: 50_000,
    data: new Uint8Array(200 + seq).fill((seq + i) & 0xff),
  }));
  return { flags: key ? FrameFlags.INIT | FrameFlags.KEYFRAME : 0, payload: encodeMediaPayload({ tracks, packets }) };
}

export async function recordStream(options: RecordOptions): Promise<Recording> {
  const streamId = options.streamId ?? crypto.randomUUID();
  const sig = options.sig ?? (await generateSigKeys());
  const certDer = crypto.getRandomValues(new Uint8Array(400)); // stands in for the driver's sig certificate
  const genesis = await genesisPrevHash(streamId, certDer);
  const epochKeys = new Map<number, EpochKey>();
  const sealed: SealedFrame[] = [];
  const payloads: Uint8Array[] = [];
  let prevHash = genesis;
  for (let seq = 0; seq < options.frames; seq++) {
    const epoch = options.rotateAt !== undefined && seq >= options.rotateAt ? 1 : 0;
    let epochKey = epochKeys.get(epoch);
    if (epochKey === undefined) {
      epochKey = await generateEpochKey({ streamId, epoch });
      epochKeys.set(epoch, epochKey);
    }
    const { flags, payload } = payloadFor(seq);
    const last = seq === options.frames - 1;
    const frame = await sealFrame({
      streamId,
      epoch,
      seq,
      captureTs: 1_700_000_000_000 + seq * 100,
      flags: last && options.end ? flags | FrameFlags.END : flags,
      prevHash,
      payload,
      epochKey,
      sigPrivateKey: sig.privateKey,
    });
    sealed.push(frame);
    payloads.push(payload);
    prevHash = frame.chainHash;
  }
  return { streamId, sig, certDer, genesis, epochKeys, sealed, payloads };
}

export function frameBytesOf(recording: Recording): Uint8Array[] {
  return recording.sealed.map((frame) => frame.frameBytes.slice());
}

export function decoded(recording: Recording, seq: number): DecodedFrame {
  const frame = recording.sealed[seq];
  if (frame === undefined) throw new Error(`no frame ${seq}`);
  return decodeFrame(frame.frameBytes.slice());
}

/** The value, or a thrown error when a fixture index is wrong. */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('fixture value missing');
  return value;
}

/** Flips the lowest bit of one byte in place. */
export function flip(bytes: Uint8Array, offset: number): void {
  bytes[offset] = must(bytes[offset]) ^ 0x01;
}
