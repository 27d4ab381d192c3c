import { FrameError, bytesEqual, decodeFrame, type DecodedFrame, type FrameLimits } from '@seccam/schema';
import { PkiError } from '../pki-error.ts';
import { chainHash } from './chain-hash.ts';
import type { EpochKey } from './epoch-key.ts';
import { checkFrame, isEndFrame, type FrameCheckResult, type FrameFailure } from './frame-check.ts';
import { openFrame } from './open-frame.ts';

/** Where a verified chain starts. */
export type ChainStart =
  /** From seq 0, whose prevHash must be `genesisPrevHash(streamId, driverSigCertDer)`. */
  | { readonly kind: 'genesis'; readonly genesisPrevHash: Uint8Array }
  /** Right after a frame verified earlier (a resumed download or watch). */
  | { readonly kind: 'after'; readonly seq: number; readonly chainHash: Uint8Array; readonly epoch: number }
  /**
   * Late join: the first frame is accepted at any seq on its signature alone and anchors the
   * chain; everything after it is checked fully. Order and completeness are then proven from
   * that frame on, not from the start of the stream.
   */
  | { readonly kind: 'join' };

export interface FrameVerifierOptions {
  readonly streamId: string;
  /** The driver's `sig` public key, taken from a certificate the caller validated. */
  readonly sigPublicKey: CryptoKey;
  readonly start: ChainStart;
  readonly limits?: FrameLimits;
}

/** How a verified stream ended, for display: "ended unsigned at seq N". */
export interface ChainStatus {
  /** `signed`: an END frame was verified; `unsigned`: frames but no END yet; `empty`: none. */
  readonly ended: 'signed' | 'unsigned' | 'empty';
  /** The last verified seq, or null before the first. */
  readonly lastSeq: number | null;
  /** The chain hash of the last verified frame, or null before the first. */
  readonly chainHead: Uint8Array | null;
  /** Frames verified so far. */
  readonly verified: number;
}

/**
 * Verifies a stream frame by frame, in arrival order (watch sockets, downloads). Every push
 * answers as data with the first failed check (see `FrameFailureReason`); a failed push leaves
 * the state unchanged, so a caller may skip a `duplicate` and carry on. Pushes are serialised
 * internally, so callers may fire them without awaiting each one.
 */
export class FrameVerifier {
  readonly #options: FrameVerifierOptions;
  readonly #crypto: Crypto;
  #tail: Promise<unknown> = Promise.resolve();
  #expectedSeq: number | null;
  #prevHash: Uint8Array | null;
  #minEpoch: number;
  #ended = false;
  #lastSeq: number | null = null;
  /** The seq whose chain hash is #prevHash (differs from #lastSeq before the first frame of an 'after' start). */
  #headSeq: number | null = null;
  #verified = 0;

  constructor(options: FrameVerifierOptions, crypto: Crypto = globalThis.crypto) {
    this.#options = options;
    this.#crypto = crypto;
    const { start } = options;
    if (start.kind === 'genesis') {
      this.#expectedSeq = 0;
      this.#prevHash = start.genesisPrevHash;
      this.#minEpoch = 0;
    } else if (start.kind === 'after') {
      if (!Number.isSafeInteger(start.seq) || start.seq < 0) throw new PkiError('INVALID_ARGUMENT', 'start.seq must be a safe integer ≥ 0');
      this.#expectedSeq = start.seq + 1;
      this.#headSeq = start.seq;
      this.#prevHash = start.chainHash;
      this.#minEpoch = start.epoch;
    } else {
      this.#expectedSeq = null;
      this.#prevHash = null;
      this.#minEpoch = 0;
    }
    if (this.#prevHash !== null && this.#prevHash.byteLength !== 32) throw new PkiError('INVALID_ARGUMENT', 'a chain hash is 32 bytes');
  }

  /** Verifies the next frame (encoded bytes or an already decoded frame). */
  push(frame: Uint8Array | DecodedFrame): Promise<FrameCheckResult> {
    const run = this.#tail.then(() => this.#check(frame));
    this.#tail = run.catch(() => undefined); // the caller of this push receives the error via `run`
    return run;
  }

  /** The status after every pushed frame was processed. */
  async finish(): Promise<ChainStatus> {
    await this.#tail;
    return this.status();
  }

  /** The status now (frames still being verified are not counted). */
  status(): ChainStatus {
    const ended = this.#ended ? 'signed' : this.#lastSeq === null ? 'empty' : 'unsigned';
    return { ended, lastSeq: this.#lastSeq, chainHead: this.#lastSeq === null ? null : this.#prevHash, verified: this.#verified };
  }

  /** The seq the next frame must have (null before the first frame of a late join). */
  get expectedSeq(): number | null {
    return this.#expectedSeq;
  }

  async #check(input: Uint8Array | DecodedFrame): Promise<FrameCheckResult> {
    const decoded = this.#decode(input);
    if (!('header' in decoded)) return decoded;
    const result = await checkFrame(
      decoded,
      {
        streamId: this.#options.streamId,
        sigPublicKey: this.#options.sigPublicKey,
        expectedSeq: this.#expectedSeq,
        expectedPrevHash: this.#prevHash,
        minEpoch: this.#minEpoch,
        ended: this.#ended,
      },
      this.#crypto,
    );
    if (!result.ok) return result.reason === 'duplicate' ? this.#refineDuplicate(decoded, result) : result;
    this.#expectedSeq = decoded.header.seq + 1;
    this.#prevHash = result.chainHash;
    this.#minEpoch = decoded.header.epoch;
    this.#lastSeq = decoded.header.seq;
    this.#headSeq = decoded.header.seq;
    this.#ended = isEndFrame(decoded);
    this.#verified += 1;
    return result;
  }

  #decode(input: Uint8Array | DecodedFrame): DecodedFrame | FrameFailure {
    if (isDecodedFrame(input)) return input;
    try {
      return decodeFrame(input, this.#options.limits);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      return { ok: false, reason: 'malformed', seq: null, expectedSeq: this.#expectedSeq, message: error.message };
    }
  }

  /** A `duplicate` is only a duplicate if its header and ciphertext (its chain hash) match the frame verified at that seq. */
  async #refineDuplicate(frame: DecodedFrame, failure: FrameFailure): Promise<FrameFailure> {
    const sameSeq = frame.header.seq === this.#headSeq;
    const same =
      sameSeq && this.#prevHash !== null && bytesEqual(await chainHash(frame.headerBytes, frame.ciphertext, this.#crypto), this.#prevHash);
    if (same) return { ...failure, message: `seq ${frame.header.seq} received twice` };
    return { ...failure, reason: 'order', message: `seq ${frame.header.seq} arrived after seq ${this.#headSeq ?? 'none'}` };
  }
}

export interface VerifySequenceOptions extends FrameVerifierOptions {
  /** Content keys by epoch: when given, every frame is also decrypted and payloads returned. */
  readonly epochKeys?: ReadonlyMap<number, EpochKey>;
  /** Fail with `truncated` when the stream has no signed END frame. */
  readonly requireEnd?: boolean;
  /** Called after each frame that passed, with how many have (progress of a long file). */
  readonly onVerified?: (verified: number) => void;
}

export type SequenceResult =
  (ChainStatus & { readonly ok: true; readonly payloads: readonly Uint8Array[] }) | (FrameFailure & { readonly index: number });

/**
 * Verifies a whole stored sequence (a download, an evidence file). Unlike the streaming
 * verifier it can look ahead, so a frame that arrives early because two frames were swapped
 * is reported as `order`, and `gap` means the missing frame is nowhere in the input.
 */
export async function verifyFrameSequence(
  frames: readonly (Uint8Array | DecodedFrame)[],
  options: VerifySequenceOptions,
  crypto: Crypto = globalThis.crypto,
): Promise<SequenceResult> {
  const verifier = new FrameVerifier(options, crypto);
  const payloads: Uint8Array[] = [];
  for (const [index, frame] of frames.entries()) {
    const expected = verifier.expectedSeq;
    const result = await verifier.push(frame);
    if (!result.ok) {
      const reason =
        result.reason === 'gap' && expected !== null && appearsLater(frames, index + 1, expected, options.limits) ? 'order' : result.reason;
      return { ...result, reason, index };
    }
    if (options.epochKeys !== undefined) {
      const opened = await openWithKeys(result.frame, options.epochKeys, crypto);
      if (!opened.ok) return { ...opened, expectedSeq: result.frame.header.seq, index };
      payloads.push(opened.payload);
    }
    options.onVerified?.(index + 1);
  }
  const status = verifier.status();
  if (options.requireEnd === true && status.ended !== 'signed') {
    const message = status.lastSeq === null ? 'no frames' : `ended unsigned at seq ${status.lastSeq}`;
    return { ok: false, reason: 'truncated', seq: status.lastSeq, expectedSeq: verifier.expectedSeq, message, index: frames.length };
  }
  return { ok: true, ...status, payloads };
}

async function openWithKeys(
  frame: DecodedFrame,
  epochKeys: ReadonlyMap<number, EpochKey>,
  crypto: Crypto,
): Promise<{ ok: true; payload: Uint8Array } | Omit<FrameFailure, 'expectedSeq'>> {
  const key = epochKeys.get(frame.header.epoch);
  if (key === undefined)
    return { ok: false, reason: 'no-key', seq: frame.header.seq, message: `no content key for epoch ${frame.header.epoch}` };
  return openFrame(frame, key, crypto);
}

function appearsLater(frames: readonly (Uint8Array | DecodedFrame)[], from: number, seq: number, limits: FrameLimits | undefined): boolean {
  for (const frame of frames.slice(from)) {
    if (peekSeq(frame, limits) === seq) return true;
  }
  return false;
}

function peekSeq(frame: Uint8Array | DecodedFrame, limits: FrameLimits | undefined): number | null {
  if (isDecodedFrame(frame)) return frame.header.seq;
  try {
    return decodeFrame(frame, limits).header.seq;
  } catch (error) {
    // Look-ahead only: a malformed later frame simply is not the missing one. It will be
    // reported as `malformed` if verification ever reaches it.
    if (error instanceof FrameError) return null;
    throw error;
  }
}

/** Tells a decoded frame from raw bytes without `instanceof` (which fails across realms). */
function isDecodedFrame(input: Uint8Array | DecodedFrame): input is DecodedFrame {
  return 'header' in input && 'frameBytes' in input;
}
