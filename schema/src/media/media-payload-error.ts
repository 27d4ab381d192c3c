import { CodedError } from '../coded-error.ts';

/** Stable codes for refused media payloads. */
export type MediaPayloadErrorCode =
  /** The payload ends inside a record. */
  | 'TRUNCATED'
  /** A payload version this codec does not speak. */
  | 'BAD_VERSION'
  /** An unknown record kind, or a track record after a packet record. */
  | 'BAD_RECORD'
  /** A field outside its range (codec string, dimensions, flags, timestamp...). */
  | 'BAD_FIELD'
  /** Two track records with the same track id. */
  | 'DUPLICATE_TRACK'
  /** More records than `MAX_MEDIA_RECORDS`. */
  | 'TOO_MANY_RECORDS'
  /** Bytes after the last record. */
  | 'TRAILING_BYTES';

/** The one error type thrown by the media payload codec. */
export class MediaPayloadError extends CodedError<MediaPayloadErrorCode> {
  override readonly name = 'MediaPayloadError';
}
