import { FrameFlags, bytesEqual, hasFlag, type DecodedFrame } from '@seccam/schema';
import { chainHash } from './chain-hash.ts';
import { frameCryptoOf, type FrameCryptoSource } from './frame-crypto.ts';

/**
 * Which check a frame failed. Checks run in this order, and the first failure is reported:
 * - `malformed`: the bytes are not a frame (FrameError; `message` starts with its code).
 * - `stream`: the header names another stream.
 * - `duplicate`: seq is one already verified (verifier: the same header and ciphertext as the
 *   last frame; server helper: the position is taken, compare chain hashes with the stored
 *   frame to tell a resend from a fork).
 * - `order`: seq goes backwards with different content, or (whole-sequence check) a later
 *   frame arrives before the one that is missing but present further on.
 * - `after-end`: a new frame follows the signed END frame.
 * - `gap`: seq skips ahead and the missing frames are nowhere (omission).
 * - `epoch`: the epoch decreases.
 * - `chain`: prevHash is not the chain hash of the previous frame (or the genesis hash).
 * - `signature`: the ECDSA signature over the chain hash does not verify with the driver key.
 * - `no-key`: no content key for the frame's epoch was supplied (access ended; not tampering).
 * - `decrypt`: AES-GCM refused the ciphertext with the supplied key.
 * - `truncated`: (whole-sequence check with `requireEnd`) the stream has no signed END frame.
 */
export type FrameFailureReason =
  | 'malformed'
  | 'stream'
  | 'after-end'
  | 'duplicate'
  | 'order'
  | 'gap'
  | 'epoch'
  | 'chain'
  | 'signature'
  | 'no-key'
  | 'decrypt'
  | 'truncated';

export interface FrameFailure {
  readonly ok: false;
  readonly reason: FrameFailureReason;
  /** The seq of the offending frame (null when it could not be decoded). */
  readonly seq: number | null;
  /** The seq the checker expected next (null for a late join that has not started yet). */
  readonly expectedSeq: number | null;
  readonly message: string;
}

export interface FramePass {
  readonly ok: true;
  readonly frame: DecodedFrame;
  /** The chain hash of this frame: the next frame's prevHash. */
  readonly chainHash: Uint8Array;
}

export type FrameCheckResult = FramePass | FrameFailure;

/** What the next frame must satisfy. */
export interface FrameExpectation {
  readonly streamId: string;
  readonly sigPublicKey: CryptoKey;
  /** The next seq, or null to accept any seq (late join: the first frame is anchored by its signature). */
  readonly expectedSeq: number | null;
  /** The required prevHash, or null to skip the chain check (late join). */
  readonly expectedPrevHash: Uint8Array | null;
  /** The lowest acceptable epoch (the previous frame's epoch). */
  readonly minEpoch: number;
  /** True once an END frame was accepted. */
  readonly ended: boolean;
}

/** Runs every check but decryption on one decoded frame, in the documented order. */
export async function checkFrame(
  frame: DecodedFrame,
  expectation: FrameExpectation,
  crypto?: FrameCryptoSource,
): Promise<FrameCheckResult> {
  const structural = checkPosition(frame, expectation);
  if (structural !== null) return structural;
  const { header } = frame;
  const fail = (reason: FrameFailureReason, message: string): FrameFailure => ({
    ok: false,
    reason,
    seq: header.seq,
    expectedSeq: expectation.expectedSeq,
    message,
  });
  if (expectation.expectedPrevHash !== null && !bytesEqual(header.prevHash, expectation.expectedPrevHash)) {
    return fail('chain', `prevHash of seq ${header.seq} is not the chain hash of the previous frame`);
  }
  const signed = await verifyFrameSignature(frame, expectation.sigPublicKey, crypto);
  if (!signed.ok) return fail('signature', `signature of seq ${header.seq} does not verify`);
  return signed;
}

function checkPosition(frame: DecodedFrame, expectation: FrameExpectation): FrameFailure | null {
  const { header } = frame;
  const { expectedSeq } = expectation;
  const fail = (reason: FrameFailureReason, message: string): FrameFailure => ({
    ok: false,
    reason,
    seq: header.seq,
    expectedSeq,
    message,
  });
  if (header.streamId !== expectation.streamId) return fail('stream', `frame belongs to stream ${header.streamId}`);
  if (expectedSeq !== null && header.seq < expectedSeq) return fail('duplicate', `seq ${header.seq} was already taken`);
  if (expectation.ended) return fail('after-end', `seq ${header.seq} follows the END frame`);
  if (expectedSeq !== null && header.seq > expectedSeq) return fail('gap', `expected seq ${expectedSeq}, got ${header.seq}`);
  if (header.epoch < expectation.minEpoch) return fail('epoch', `epoch ${header.epoch} is below ${expectation.minEpoch}`);
  return null;
}

/**
 * Checks only the signature of one frame: for a frame outside the chain (the detached INIT
 * frame of a late join) or a spot check. Answers as data.
 */
export async function verifyFrameSignature(
  frame: DecodedFrame,
  sigPublicKey: CryptoKey,
  crypto?: FrameCryptoSource,
): Promise<FramePass | { readonly ok: false; readonly reason: 'signature'; readonly seq: number }> {
  const provider = frameCryptoOf(crypto);
  const hash = await chainHash(frame.headerBytes, frame.ciphertext, provider);
  const valid = await provider.verifyEcdsaP256(sigPublicKey, frame.signature, hash);
  return valid ? { ok: true, frame, chainHash: hash } : { ok: false, reason: 'signature', seq: frame.header.seq };
}

/** What the server knows about a stream when a frame arrives. */
export interface IncomingFrameContext {
  readonly streamId: string;
  /** The owner's `sig` public key (from the certificate the genesis hash commits to). */
  readonly sigPublicKey: CryptoKey;
  /** last stored seq + 1, or 0 for an empty stream. */
  readonly expectedSeq: number;
  /** The last stored chain hash, or the stream's genesis hash. */
  readonly expectedPrevHash: Uint8Array;
  /** The epoch of the last stored frame (0 for an empty stream). */
  readonly minEpoch?: number;
}

/**
 * Server-side check of one incoming frame before it is stored: stream id, seq continuity,
 * epoch order, prevHash and signature. Needs no content key. On `duplicate` the seq is
 * already stored: compare `chainHash(headerBytes, ciphertext)` with the stored chain hash.
 * Equal means an idempotent resend (ack again; compare hashes, not whole frames, because
 * ECDSA signatures are randomised and malleable, so one frame can carry several valid
 * signatures). Different means the client forked its chain (close with
 * CloseCode.SequenceConflict). Refusing frames after a stored END is the caller's state.
 */
export async function verifyIncomingFrame(
  frame: DecodedFrame,
  context: IncomingFrameContext,
  crypto?: FrameCryptoSource,
): Promise<FrameCheckResult> {
  return checkFrame(
    frame,
    {
      streamId: context.streamId,
      sigPublicKey: context.sigPublicKey,
      expectedSeq: context.expectedSeq,
      expectedPrevHash: context.expectedPrevHash,
      minEpoch: context.minEpoch ?? 0,
      ended: false,
    },
    crypto,
  );
}

/** True if the frame carries the END flag. */
export function isEndFrame(frame: DecodedFrame): boolean {
  return hasFlag(frame.header.flags, FrameFlags.END);
}
