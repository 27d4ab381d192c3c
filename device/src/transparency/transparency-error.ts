import { CodedError } from '@seccam/schema';

/** Why a tree head or a certificate's place in the transparency log was refused ([Note: following the log]). */
export type TransparencyErrorCode =
  /** A head, proof or key that does not parse (wrong types, bad base64, hashes not 32 bytes). */
  | 'MALFORMED'
  /** A head from another log than the one this client follows (or a key that does not match its id). */
  | 'UNKNOWN_LOG'
  /** A head whose signature does not verify with its log key. */
  | 'BAD_SIGNATURE'
  /** A head without valid cosignatures of the witnesses this client requires. */
  | 'NOT_WITNESSED'
  /** Two heads that cannot both be prefixes of one log, or no consistency proof between them. */
  | 'FORK'
  /** A certificate with no proof: not in the log. */
  | 'NOT_LOGGED'
  /** An inclusion proof that does not lead to the head's root. */
  | 'BAD_PROOF';

export class TransparencyError extends CodedError<TransparencyErrorCode> {
  override readonly name = 'TransparencyError';
}

/** True if `error` is a TransparencyError (optionally with the given code). */
export function isTransparencyError(error: unknown, code?: TransparencyErrorCode): error is TransparencyError {
  return error instanceof TransparencyError && (code === undefined || error.code === code);
}
