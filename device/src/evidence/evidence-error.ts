import { CodedError } from '@seccam/schema';

/** Stable codes for evidence files that do not parse, and for inputs an export cannot be built from. */
export type EvidenceErrorCode =
  /** The file does not start with "SCEX". */
  | 'BAD_MAGIC'
  /** A container version this code does not read. */
  | 'BAD_VERSION'
  /** The file ends inside the manifest, a frame or the exporter signature. */
  | 'TRUNCATED'
  /** A section above its limit (manifest, frame). */
  | 'TOO_LARGE'
  /** The manifest is not valid UTF-8 JSON in canonical form, or a field breaks its rule. */
  | 'BAD_MANIFEST'
  /** A frame does not decode (docs/PROTOCOL.md §2). */
  | 'BAD_FRAME'
  /** Bytes after the exporter signature (more frames than the manifest's `frameCount`, or junk). */
  | 'TRAILING_BYTES'
  /** buildEvidenceExport: the frames, keys or certificates given cannot make a valid export. */
  | 'BAD_INPUT';

/** The one error type of the evidence container codec and builder. */
export class EvidenceError extends CodedError<EvidenceErrorCode> {
  override readonly name = 'EvidenceError';
}
