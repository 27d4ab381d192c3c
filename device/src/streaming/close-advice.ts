import { CloseCode, StandardCloseCode, closeReasonOf } from '@seccam/schema';
import { StreamingError } from './streaming-error.ts';

// [Note: errors that say what to do next]
// A dashcam operator reading a failure needs the next step, not just a number, so every
// non-retryable close and refused upgrade is turned into one sentence of advice here, in one
// place for both sockets.

const ADVICE: Readonly<Partial<Record<number, string>>> = {
  [StandardCloseCode.Normal]: 'the server closed the socket normally before the stream ended',
  [CloseCode.BadFrame]: 'the server could not decode a frame (client bug); report it',
  [CloseCode.Unauthenticated]: 'the session is missing or expired: log in again',
  [CloseCode.Forbidden]: 'this account may not use this stream (not the owner, no active grant, or Origin refused)',
  [CloseCode.UnknownStream]: 'the stream does not exist or is not visible to this account: check the stream id',
  [CloseCode.SequenceConflict]: 'the server holds different content at a seq (another recorder wrote to this stream): start a new stream',
  [CloseCode.StreamEnded]: 'the stream already ended with a signed END frame: start a new stream',
  [CloseCode.Superseded]: 'another connection took over this stream',
  [CloseCode.FrameTooLarge]: 'a message exceeded the size limit: send smaller frames',
  [CloseCode.BadControl]: 'the server refused a control message (client bug); report it',
  [CloseCode.VerificationFailed]:
    "the server could not verify a frame's chain or signature: was the stream created under another signing certificate?",
  [CloseCode.StreamDeleted]: 'the driver deleted this stream: its frames and keys are gone',
  [CloseCode.Revoked]: 'access to this stream was revoked by its driver',
};

const HTTP_ADVICE: Readonly<Record<number, string>> = {
  401: 'no valid session: log in again',
  403: 'the server refused this client (Origin not allowed or not permitted)',
  404: 'the server has no such WebSocket endpoint: check --server',
};

/** A StreamingError `CLOSED` for a non-retryable close of `socket`. */
export function closedError(
  socket: 'ingest' | 'watch',
  code: number,
  reason: string,
  serverError: { readonly code: string; readonly message: string } | undefined,
): StreamingError {
  const said = reason || closeReasonOf(code) || 'no reason';
  const detail = serverError ? ` [${serverError.code}: ${serverError.message}]` : '';
  const advice = ADVICE[code] ?? 'the server closed the socket with a code that is not retried';
  return new StreamingError('CLOSED', `${socket} socket closed with ${code} (${said})${detail}: ${advice}`, {
    closeCode: code,
    closeReason: reason,
    ...(serverError ? { serverError } : {}),
  });
}

/** A StreamingError `REFUSED` for an upgrade answered with HTTP `status`. */
export function refusedError(socket: 'ingest' | 'watch', status: number): StreamingError {
  const advice = HTTP_ADVICE[status] ?? 'the server refused the WebSocket upgrade';
  return new StreamingError('REFUSED', `${socket} socket refused with HTTP ${status}: ${advice}`, { httpStatus: status });
}

/** True for HTTP statuses at upgrade that are worth retrying (overload, restarts). */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}
