import type { FrameErrorCode } from './frame-error.ts';

/**
 * WebSocket close codes of `/ws/ingest` and `/ws/watch`, in one place. 4xxx is the range
 * RFC 6455 §7.4.2 leaves to applications; the last three digits echo the nearest HTTP status
 * so logs read naturally. Standard codes are used where they fit: 1000 normal (stream ended,
 * client done), 1001 going away (server shutdown), 1011 internal error, 1013 try again later
 * (the server cannot reach its database).
 */
export enum CloseCode {
  /** A binary frame failed to decode, or a frame arrived before the opening control message. */
  BadFrame = 4400,
  /** No valid session at upgrade (normally refused with HTTP 401 before the upgrade). */
  Unauthenticated = 4401,
  /** Authenticated but not allowed: not the stream owner, no active grant, Origin refused. */
  Forbidden = 4403,
  /** The stream id is unknown (or invisible to this user). */
  UnknownStream = 4404,
  /** No frame or control message within the idle timeout, or keepalive pongs stopped. */
  IdleTimeout = 4408,
  /** Different bytes at a seq the server already stored: the client forked its own chain. */
  SequenceConflict = 4409,
  /** The stream already ended with a signed END frame; nothing more can be appended. */
  StreamEnded = 4410,
  /** Another ingest connection for the same stream took over (the newest connection wins). */
  Superseded = 4412,
  /** A frame or message exceeds the size limit (`maxPayload`). */
  FrameTooLarge = 4413,
  /** A text message is not a valid control message for this socket and state. */
  BadControl = 4415,
  /** The frame's seq is past the next expected seq (a gap): reconnect and resume. */
  SequenceGap = 4416,
  /** A frame decoded but failed verification: signature, prevHash chain, epoch order or stream id. */
  VerificationFailed = 4422,
  /** Too many connections or frames for this user or address. */
  RateLimited = 4429,
  /** The owner deleted the stream (signed `seccam-stream-deletion/v1`): its frames and keys are gone. Do not reconnect. */
  StreamDeleted = 4498,
  /** The viewer's access was revoked (grant revoked, certificate revoked). Do not reconnect. */
  Revoked = 4499,
}

/**
 * The RFC 6455 §7.4.1 close codes SecCam sends or acts on. 1006 is never sent: a WebSocket
 * implementation reports it when the connection dropped without a close frame.
 */
export enum StandardCloseCode {
  /** Done: the stream ended, or the client has what it came for. */
  Normal = 1000,
  /** The server is shutting down (after storing and acking what it had received). */
  GoingAway = 1001,
  /** The connection was lost without a close frame (reported locally, never on the wire). */
  Abnormal = 1006,
  /** An unexpected server error. */
  InternalError = 1011,
  /** The server is restarting. */
  ServiceRestart = 1012,
  /** The server cannot store or read right now (its database is unreachable) or is overloaded: reconnect with backoff and resume. */
  TryAgainLater = 1013,
}

/** Short close reasons (a close reason must fit in 123 bytes of UTF-8). */
export const CLOSE_REASONS: Readonly<Record<CloseCode, string>> = {
  [CloseCode.BadFrame]: 'bad frame',
  [CloseCode.Unauthenticated]: 'unauthenticated',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.UnknownStream]: 'unknown stream',
  [CloseCode.IdleTimeout]: 'idle timeout',
  [CloseCode.SequenceConflict]: 'sequence conflict',
  [CloseCode.StreamEnded]: 'stream ended',
  [CloseCode.Superseded]: 'superseded by a newer connection',
  [CloseCode.FrameTooLarge]: 'frame too large',
  [CloseCode.BadControl]: 'bad control message',
  [CloseCode.SequenceGap]: 'sequence gap',
  [CloseCode.VerificationFailed]: 'verification failed',
  [CloseCode.RateLimited]: 'rate limited',
  [CloseCode.StreamDeleted]: 'stream deleted',
  [CloseCode.Revoked]: 'access revoked',
};

/** The short name of an application close code ({@link CLOSE_REASONS}), or undefined for any other number. */
export function closeReasonOf(code: number): string | undefined {
  return (CLOSE_REASONS as Readonly<Partial<Record<number, string>>>)[code];
}

/** The close code an adapter should use when decoding a message threw `FrameError(code)`. */
export function closeCodeForFrameError(code: FrameErrorCode): CloseCode {
  switch (code) {
    case 'TOO_LARGE':
      return CloseCode.FrameTooLarge;
    case 'BAD_CONTROL':
      return CloseCode.BadControl;
    case 'TRUNCATED':
    case 'BAD_MAGIC':
    case 'BAD_VERSION':
    case 'BAD_FLAGS':
    case 'TRAILING_BYTES':
    case 'BAD_LENGTH':
    case 'BAD_FIELD':
      return CloseCode.BadFrame;
  }
}

const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  StandardCloseCode.GoingAway,
  StandardCloseCode.Abnormal, // network lost
  StandardCloseCode.InternalError,
  StandardCloseCode.ServiceRestart,
  StandardCloseCode.TryAgainLater,
  CloseCode.IdleTimeout,
  CloseCode.SequenceGap, // resume re-synchronises from the server's last seq
  CloseCode.RateLimited, // with backoff
]);

/**
 * True if a client should reconnect (with backoff) and resume after this close code:
 * transient conditions only. Everything else is deterministic (a bug, a policy decision, or
 * the end of the stream) and reconnecting would fail the same way.
 */
export function isRetryableCloseCode(code: number): boolean {
  return RETRYABLE_CLOSE_CODES.has(code);
}
