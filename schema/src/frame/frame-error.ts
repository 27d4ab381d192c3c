import { CodedError } from '../coded-error.ts';

/**
 * Stable codes for every way a frame or a control message can be refused. Adapters map
 * them to close codes (see `closeCodeForFrameError`); tests assert on them, never on text.
 */
export type FrameErrorCode =
  /** Fewer bytes than the fields (or the declared ciphertext length) need. */
  | 'TRUNCATED'
  /** The first bytes are not "SCC1". */
  | 'BAD_MAGIC'
  /** A version this codec does not speak. */
  | 'BAD_VERSION'
  /** Reserved flag bits set. */
  | 'BAD_FLAGS'
  /** Bytes after the signature. */
  | 'TRAILING_BYTES'
  /** The frame (or its declared size) exceeds `maxFrameBytes`. */
  | 'TOO_LARGE'
  /** A length field is impossible (ciphertext shorter than the GCM tag, wrong part size). */
  | 'BAD_LENGTH'
  /** A field value outside its range (seq or captureTs ≥ 2^53, epoch not u32, bad UUID). */
  | 'BAD_FIELD'
  /** A JSON control message that is unknown, malformed, too long or not allowed here. */
  | 'BAD_CONTROL';

/** The one error type thrown by the frame codec and the control-message parser. */
export class FrameError extends CodedError<FrameErrorCode> {
  override readonly name = 'FrameError';
}

/** True if `error` is a FrameError (optionally with the given code). */
export function isFrameError(error: unknown, code?: FrameErrorCode): error is FrameError {
  return error instanceof FrameError && (code === undefined || error.code === code);
}
