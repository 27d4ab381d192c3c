import { concatBytes } from '../binary/byte-writer.ts';
import { FrameError } from './frame-error.ts';
import { FRAME_HEADER_BYTES, SIGNATURE_BYTES, decodeFrameHeader, frameReader, readFrameHeader, type FrameHeader } from './frame-header.ts';

/** Default upper bound on a whole frame: 4 MiB (a 100 ms frame of 1080p video is ≈ 50 KiB). */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export interface FrameLimits {
  /** Refuse frames longer than this many bytes (default `MAX_FRAME_BYTES`). */
  readonly maxFrameBytes?: number;
}

/** A frame split into its parts. Every byte array is a view into the input, not a copy. */
export interface DecodedFrame {
  readonly header: FrameHeader;
  /** The 78 header bytes exactly as received: the AEAD associated data and the chain-hash prefix. */
  readonly headerBytes: Uint8Array;
  /** AES-GCM ciphertext including the 16-byte tag. */
  readonly ciphertext: Uint8Array;
  /** Raw ECDSA P-256 signature r || s over the chain hash. */
  readonly signature: Uint8Array;
  /** The whole frame (header | ciphertext | signature). */
  readonly frameBytes: Uint8Array;
}

// [Note: explicit ciphertext length]
// The header ends with a u32 ciphertext length (so it is 78 bytes, not 74). The alternative,
// deriving the ciphertext as "everything but the last 64 bytes", makes any frame with extra
// bytes parse as a frame with a longer ciphertext, so a parser can never report trailing
// bytes and frames are not self-delimiting. With the field: (1) the parser checks
// header + length + 64 == total and refuses anything else with a precise code; (2) frames can
// be concatenated in a file (evidence export) and read back without an outer framing; (3) the
// length sits inside the AEAD associated data and the chain hash, so it is authenticated and
// signed like every other header field. Cost: four bytes per frame.

/**
 * Decodes one binary frame. Hostile input is expected: every refusal is a FrameError with
 * a stable code, checked in wire order (size limit first, so no work is spent on oversized
 * input).
 */
export function decodeFrame(bytes: Uint8Array, limits: FrameLimits = {}): DecodedFrame {
  const maxFrameBytes = resolveMaxFrameBytes(limits);
  if (bytes.byteLength > maxFrameBytes) {
    throw new FrameError('TOO_LARGE', `frame of ${bytes.byteLength} bytes exceeds ${maxFrameBytes}`);
  }
  const reader = frameReader(bytes);
  const header = readFrameHeader(reader);
  const declared = FRAME_HEADER_BYTES + header.ciphertextLength + SIGNATURE_BYTES;
  if (declared > maxFrameBytes) {
    throw new FrameError('TOO_LARGE', `declared frame size ${declared} exceeds ${maxFrameBytes}`);
  }
  const ciphertext = reader.bytes(header.ciphertextLength);
  const signature = reader.bytes(SIGNATURE_BYTES);
  if (reader.remaining !== 0) throw new FrameError('TRAILING_BYTES', `${reader.remaining} bytes after the signature`);
  return {
    header,
    headerBytes: bytes.subarray(0, FRAME_HEADER_BYTES),
    ciphertext,
    signature,
    frameBytes: bytes,
  };
}

/**
 * Joins encoded parts into a frame. The header must be a valid encoded header whose
 * ciphertext length matches `ciphertext`; throws FrameError otherwise.
 */
export function encodeFrame(headerBytes: Uint8Array, ciphertext: Uint8Array, signature: Uint8Array, limits: FrameLimits = {}): Uint8Array {
  const header = decodeFrameHeader(headerBytes);
  if (header.ciphertextLength !== ciphertext.byteLength) {
    throw new FrameError('BAD_LENGTH', `header declares ${header.ciphertextLength} ciphertext bytes, got ${ciphertext.byteLength}`);
  }
  if (signature.byteLength !== SIGNATURE_BYTES) throw new FrameError('BAD_LENGTH', 'signature must be 64 bytes');
  const maxFrameBytes = resolveMaxFrameBytes(limits);
  const total = headerBytes.byteLength + ciphertext.byteLength + signature.byteLength;
  if (total > maxFrameBytes) throw new FrameError('TOO_LARGE', `frame of ${total} bytes exceeds ${maxFrameBytes}`);
  return concatBytes(headerBytes, ciphertext, signature);
}

function resolveMaxFrameBytes(limits: FrameLimits): number {
  const max = limits.maxFrameBytes ?? MAX_FRAME_BYTES;
  if (!Number.isSafeInteger(max) || max <= 0) throw new RangeError('maxFrameBytes must be a positive integer');
  return max;
}
