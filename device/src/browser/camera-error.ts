/** Why the camera encoder cannot start or stopped; the message says what to do next. */
export type CameraErrorCode =
  /** The browser lacks WebCodecs (VideoEncoder, AudioEncoder, VideoFrame). */
  | 'NO_WEBCODECS'
  /** The stream has no live video track. */
  | 'NO_VIDEO'
  /** No encoder configuration this browser supports (codec, size, bitrate). */
  | 'UNSUPPORTED'
  /** An encoder failed while running. */
  | 'ENCODER';

export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(
    readonly code: CameraErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
