/**
 * Every error thrown by `@seccam/pki` for bad input or a failed operation.
 *
 * [Note: PKI error codes]
 * Verification of untrusted material answers as data (`{ ok: false, reason }`); a PkiError
 * is thrown when a caller hands in something that cannot even be processed (malformed PEM
 * for an issuing function, a bad argument) or when an operation with a single outcome fails
 * (opening a bundle). The `code` is stable and meant for programs; the message is for people
 * and may change. Codes:
 *
 * - `INVALID_ARGUMENT`: a caller-supplied value breaks a documented rule (programming error
 *   or user input that must be checked before it reaches us).
 * - `PEM_MALFORMED`: a PEM/DER object given to a throwing function does not parse.
 * - `KEY_MALFORMED`: key material (pkcs8, SPKI) does not import or has the wrong type.
 * - `KEY_MISMATCH`: a private key does not belong to the certificate it travels with.
 * - `PROFILE_MISMATCH`: an issuance profile contradicts the verified CSR (kind or role).
 * - `BUNDLE_MALFORMED`: a `.sec.json` bundle is not shaped as documented.
 * - `BUNDLE_UNSUPPORTED`: a bundle uses a version, KDF or KDF cost we refuse.
 * - `BUNDLE_DECRYPT_FAILED`: wrong password, wrong user or a tampered bundle. One code for
 *   all three on purpose, so the error does not tell an attacker which one it was.
 * - `PKI_STORE_INVALID`: the on-disk CA store (Node only) is inconsistent and was left alone.
 */
export type PkiErrorCode =
  | 'INVALID_ARGUMENT'
  | 'PEM_MALFORMED'
  | 'KEY_MALFORMED'
  | 'KEY_MISMATCH'
  | 'PROFILE_MISMATCH'
  | 'BUNDLE_MALFORMED'
  | 'BUNDLE_UNSUPPORTED'
  | 'BUNDLE_DECRYPT_FAILED'
  | 'PKI_STORE_INVALID';

/** An error with a stable machine-readable {@link PkiErrorCode}. See [Note: PKI error codes]. */
export class PkiError extends Error {
  override readonly name = 'PkiError';

  constructor(
    readonly code: PkiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link PkiError}, optionally with the given `code`. */
export function isPkiError(error: unknown, code?: PkiErrorCode): error is PkiError {
  return error instanceof PkiError && (code === undefined || error.code === code);
}
