import { CodedError } from '@seccam/schema';

/** Stable codes for media files that cannot be read or written. */
export type MediaFileErrorCode =
  /** Not a WebM/Matroska file (or not a media file at all). */
  | 'UNSUPPORTED_FORMAT'
  /** The file ends inside an element: a recording cut short, or a partial download. */
  | 'TRUNCATED'
  /** The container is recognised but damaged inside (the demuxer gave up). */
  | 'MALFORMED'
  /** No audio or video track, or no packet at all. */
  | 'NO_MEDIA'
  /** A codec this pipeline cannot carry or the target container cannot hold. */
  | 'UNSUPPORTED_CODEC'
  /** A file, packet or group larger than the configured limit. */
  | 'TOO_LARGE'
  /** A packet or track field outside what the media payload can carry (docs/PROTOCOL.md §6). */
  | 'BAD_FIELD';

/** The one error type of the device media pipeline; `cause` keeps the library error when there is one. */
export class MediaFileError extends CodedError<MediaFileErrorCode> {
  override readonly name = 'MediaFileError';
}
