import {
  FRAME_HEADER_BYTES,
  FrameError,
  GCM_TAG_BYTES,
  MAX_FRAME_BYTES,
  SIGNATURE_BYTES,
  encodeFrame,
  encodeFrameHeader,
  type FrameHeader,
} from '@seccam/schema';
import { ecdsaSignParams } from '../key-algorithms.ts';
import { PkiError } from '../pki-error.ts';
import { bufferSource } from './buffer-source.ts';
import { chainHash } from './chain-hash.ts';
import { contentKeyOf, frameNonce, isEpochKeyFor, type EpochKey } from './epoch-key.ts';

/** Everything the recording client supplies to seal one frame. */
export interface SealFrameInput {
  readonly streamId: string;
  readonly epoch: number;
  readonly seq: number;
  /** Capture time of the frame's first media, ms since the Unix epoch. */
  readonly captureTs: number;
  /** Bit set of `FrameFlags`. */
  readonly flags: number;
  /** chainHash of frame seq-1, or `genesisPrevHash` for seq 0. */
  readonly prevHash: Uint8Array;
  /** Plaintext: an encoded media payload (`encodeMediaPayload`). */
  readonly payload: Uint8Array;
  /** The key of (streamId, epoch). */
  readonly epochKey: EpochKey;
  /** The driver's ECDSA P-256 `sig` private key. */
  readonly sigPrivateKey: CryptoKey;
}

export interface SealedFrame {
  /** The frame exactly as sent and stored. */
  readonly frameBytes: Uint8Array;
  readonly header: FrameHeader;
  /** The prevHash of the next frame. */
  readonly chainHash: Uint8Array;
}

/**
 * Encrypts and signs one frame (docs/PROTOCOL.md §3–§4):
 * ciphertext = AES-256-GCM(content key, nonce = salt XOR seq, AAD = header bytes, payload);
 * signature = ECDSA-P256-SHA256(sig key, SHA-256(header || ciphertext)).
 * The caller owns seq and prevHash and must never seal two different frames at one seq:
 * that would reuse a nonce (and fork the chain).
 * @throws PkiError `INVALID_ARGUMENT` when the epoch key belongs to another stream or epoch
 * @throws FrameError for out-of-range header fields or a payload too large for a frame
 */
export async function sealFrame(input: SealFrameInput, crypto: Crypto = globalThis.crypto): Promise<SealedFrame> {
  if (!isEpochKeyFor(input.epochKey, input)) {
    throw new PkiError('INVALID_ARGUMENT', `epoch key is for epoch ${input.epochKey.epoch} of stream ${input.epochKey.streamId}`);
  }
  const ciphertextLength = input.payload.byteLength + GCM_TAG_BYTES;
  if (FRAME_HEADER_BYTES + ciphertextLength + SIGNATURE_BYTES > MAX_FRAME_BYTES) {
    throw new FrameError('TOO_LARGE', `a payload of ${input.payload.byteLength} bytes does not fit in a frame`);
  }
  const header: FrameHeader = {
    flags: input.flags,
    streamId: input.streamId,
    epoch: input.epoch,
    seq: input.seq,
    captureTs: input.captureTs,
    prevHash: input.prevHash,
    ciphertextLength,
  };
  const headerBytes = encodeFrameHeader(header);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      {
        name: 'AES-GCM',
        iv: bufferSource(frameNonce(input.epochKey, input.seq)),
        additionalData: bufferSource(headerBytes),
        tagLength: 128,
      },
      contentKeyOf(input.epochKey),
      bufferSource(input.payload),
    ),
  );
  const hash = await chainHash(headerBytes, ciphertext, crypto);
  const signature = new Uint8Array(await crypto.subtle.sign(ecdsaSignParams(), input.sigPrivateKey, bufferSource(hash)));
  return { frameBytes: encodeFrame(headerBytes, ciphertext, signature), header, chainHash: hash };
}
