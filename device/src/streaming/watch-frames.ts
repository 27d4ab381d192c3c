import {
  FrameError,
  FrameFlags,
  MediaPayloadError,
  decodeFrame,
  decodeMediaPayload,
  hasFlag,
  type DecodedFrame,
  type MediaPayload,
} from '@seccam/schema';
import { FrameVerifier, openFrame, verifyFrameSignature, type ChainStart, type ChainStatus, type FrameFailureReason } from '@seccam/pki';
import type { EpochKeyResult, KeyFailureReason } from './epoch-key-ring.ts';

/** Where content keys come from (`EpochKeyRing`, or a fixed map in tests and offline checks). */
export interface EpochKeySource {
  keyFor(epoch: number): Promise<EpochKeyResult>;
}

/** A verified (and, unless disabled, decrypted) frame handed to the viewer. */
export interface WatchedFrame {
  readonly seq: number;
  readonly epoch: number;
  /** ms since the Unix epoch. */
  readonly captureTs: number;
  readonly flags: number;
  readonly keyframe: boolean;
  readonly init: boolean;
  readonly end: boolean;
  /** The late join's INIT frame sent ahead of the chain (checked by signature alone). */
  readonly detached: boolean;
  /** Sent from storage (seq ≤ the head when subscribing) rather than live. */
  readonly catchUp: boolean;
  /** The frame exactly as signed (for evidence). */
  readonly frameBytes: Uint8Array;
  /** The decrypted media, or null when decryption is off or failed. */
  readonly payload: MediaPayload | null;
}

/** Why a frame was not delivered, with the offending seq (null when it did not decode). */
export interface WatchFailure {
  readonly reason: FrameFailureReason | KeyFailureReason | 'payload' | 'detached-init';
  readonly seq: number | null;
  readonly message: string;
}

export type FrameOutcome =
  /** Verified; `payload` set unless decryption is off. */
  | { readonly kind: 'frame'; readonly frame: WatchedFrame }
  /** A frame verified earlier arrived again (after a reconnect): skip it. */
  | { readonly kind: 'duplicate'; readonly seq: number }
  /** Verified but unreadable (no key, wrong key, malformed media): the chain goes on. */
  | { readonly kind: 'unreadable'; readonly frame: WatchedFrame; readonly failure: WatchFailure }
  /** Verification failed: nothing after it can be trusted. */
  | { readonly kind: 'fatal'; readonly failure: WatchFailure };

export interface WatchFrameOptions {
  readonly streamId: string;
  readonly sigPublicKey: CryptoKey;
  readonly start: ChainStart;
  /** Keys to decrypt with; null verifies only (evidence replay). */
  readonly keyRing: EpochKeySource | null;
}

/**
 * Checks the frames of one watch in arrival order: the chain with `FrameVerifier` (anchored at
 * the genesis, after a resumed position, or at a late join), a detached INIT frame by its
 * signature, then the content key of the frame's epoch, AES-GCM and the media payload. Order
 * of checks and failure reasons follow docs/PROTOCOL.md §4.
 */
export class WatchFrameProcessor {
  readonly #options: WatchFrameOptions;
  readonly #verifier: FrameVerifier;
  #detachedSeq: number | null = null;
  #firstSeq: number | null = null;
  #headSeq: number | null = null;

  constructor(options: WatchFrameOptions) {
    this.#options = options;
    this.#verifier = new FrameVerifier({ streamId: options.streamId, sigPublicKey: options.sigPublicKey, start: options.start });
  }

  /** A new subscription: frames start at `fromSeq`, preceded by the detached INIT frame `initSeq`. */
  beginSubscription(fromSeq: number, initSeq: number | null, headSeq: number | null): void {
    this.#firstSeq = fromSeq;
    this.#detachedSeq = initSeq;
    this.#headSeq = headSeq;
  }

  get chainStatus(): ChainStatus {
    return this.#verifier.status();
  }

  async process(bytes: Uint8Array): Promise<FrameOutcome> {
    let decoded: DecodedFrame;
    try {
      decoded = decodeFrame(bytes);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      return fatal('malformed', null, error.message); // starts with its code (CodedError)
    }
    if (this.#detachedSeq !== null) return this.#processDetached(decoded);
    const expectedFirst = this.#firstSeq;
    if (expectedFirst !== null && decoded.header.seq !== expectedFirst && this.#verifier.expectedSeq === null) {
      return fatal('gap', decoded.header.seq, `the subscription promised frames from seq ${expectedFirst}`);
    }
    const result = await this.#verifier.push(decoded);
    if (!result.ok) {
      if (result.reason === 'duplicate' && result.seq !== null) return { kind: 'duplicate', seq: result.seq };
      return fatal(result.reason, result.seq, result.message);
    }
    this.#firstSeq = null;
    return this.#open(decoded, false);
  }

  async #processDetached(decoded: DecodedFrame): Promise<FrameOutcome> {
    const { header } = decoded;
    const expected = this.#detachedSeq;
    this.#detachedSeq = null;
    if (header.streamId !== this.#options.streamId || header.seq !== expected || !hasFlag(header.flags, FrameFlags.INIT)) {
      return fatal('detached-init', header.seq, `expected the INIT frame at seq ${expected} of stream ${this.#options.streamId}`);
    }
    const signed = await verifyFrameSignature(decoded, this.#options.sigPublicKey);
    if (!signed.ok) return fatal('signature', header.seq, 'the detached INIT frame is not signed by the driver');
    return this.#open(decoded, true);
  }

  async #open(decoded: DecodedFrame, detached: boolean): Promise<FrameOutcome> {
    const { header } = decoded;
    const frame = (payload: MediaPayload | null): WatchedFrame => ({
      seq: header.seq,
      epoch: header.epoch,
      captureTs: header.captureTs,
      flags: header.flags,
      keyframe: hasFlag(header.flags, FrameFlags.KEYFRAME),
      init: hasFlag(header.flags, FrameFlags.INIT),
      end: hasFlag(header.flags, FrameFlags.END),
      detached,
      catchUp: this.#headSeq !== null && header.seq <= this.#headSeq,
      frameBytes: decoded.frameBytes,
      payload,
    });
    const keyRing = this.#options.keyRing;
    if (keyRing === null) return { kind: 'frame', frame: frame(null) };
    const key = await keyRing.keyFor(header.epoch);
    if (!key.ok) return { kind: 'unreadable', frame: frame(null), failure: { reason: key.reason, seq: header.seq, message: key.message } };
    const opened = await openFrame(decoded, key.epochKey);
    if (!opened.ok)
      return { kind: 'unreadable', frame: frame(null), failure: { reason: 'decrypt', seq: header.seq, message: opened.message } };
    try {
      return { kind: 'frame', frame: frame(decodeMediaPayload(opened.payload)) };
    } catch (error) {
      if (!(error instanceof MediaPayloadError)) throw error;
      return {
        kind: 'unreadable',
        frame: frame(null),
        failure: { reason: 'payload', seq: header.seq, message: error.message },
      };
    }
  }
}

function fatal(reason: WatchFailure['reason'], seq: number | null, message: string): FrameOutcome {
  return { kind: 'fatal', failure: { reason, seq, message } };
}
