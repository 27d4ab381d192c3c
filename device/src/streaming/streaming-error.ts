/**
 * The one error type of the streaming SDK (ingest, recorder, watch, sharing). Every failure
 * carries a stable `code` to branch on; the message is for people and says what to do next.
 */

export type StreamingErrorCode =
  /** The offline buffer of sealed, unacked frames would exceed its byte limit. */
  | 'BUFFER_FULL'
  /** The server closed the socket with a code that must not be retried (see `closeCode`). */
  | 'CLOSED'
  /** The server refused the WebSocket upgrade with an HTTP status (see `httpStatus`). */
  | 'REFUSED'
  /** Too many consecutive reconnect attempts failed. */
  | 'UNREACHABLE'
  /** The server broke the protocol (unexpected or inconsistent control message). */
  | 'PROTOCOL'
  /** The client was stopped locally before it finished. */
  | 'STOPPED'
  /** A certificate the server handed out did not verify against the pinned root. */
  | 'UNTRUSTED'
  /** A frame failed verification (chain, signature, order...): see `frameFailure`. */
  | 'VERIFICATION'
  /** A wrapped key could not be found, verified or unwrapped. */
  | 'KEY'
  /** A caller passed something unusable (wrong seq order, bad option). */
  | 'INVALID_ARGUMENT';

export interface StreamingErrorDetail {
  readonly closeCode?: number;
  readonly closeReason?: string;
  /** `error` control message received just before the close, if any. */
  readonly serverError?: { readonly code: string; readonly message: string };
  readonly httpStatus?: number;
  /** The first failed check of a frame (`VERIFICATION`): reason and seq as the verifier reported them. */
  readonly frameFailure?: { readonly reason: string; readonly seq: number | null; readonly message: string };
  readonly cause?: unknown;
}

export class StreamingError extends Error {
  override readonly name = 'StreamingError';
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  readonly serverError: { readonly code: string; readonly message: string } | undefined;
  readonly httpStatus: number | undefined;
  readonly frameFailure: StreamingErrorDetail['frameFailure'];

  constructor(
    readonly code: StreamingErrorCode,
    message: string,
    detail: StreamingErrorDetail = {},
  ) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.closeCode = detail.closeCode;
    this.closeReason = detail.closeReason;
    this.serverError = detail.serverError;
    this.httpStatus = detail.httpStatus;
    this.frameFailure = detail.frameFailure;
  }
}

export function isStreamingError(error: unknown, code?: StreamingErrorCode): error is StreamingError {
  return error instanceof StreamingError && (code === undefined || error.code === code);
}
