// @seccam/schema: the wire contracts shared by every client and the server.
// Pure and isomorphic: no I/O, no crypto. Every shared vocabulary (close codes, the username
// rule, grant scopes, byte encodings, signed statements' bytes) is defined here once.
// The GraphQL schema is schema/schema.graphql.

export { ByteReader } from './binary/byte-reader.ts';
export { ByteWriter, bytesEqual, concatBytes } from './binary/byte-writer.ts';
export { base64ToBytes, bytesToBase64, isBase64 } from './binary/base64.ts';
export { bytesToHex, hexToBytes } from './binary/hex.ts';
export { isUuid, uuidFromBytes, uuidToBytes } from './binary/uuid.ts';

export { CodedError } from './coded-error.ts';
export { FrameError, isFrameError, type FrameErrorCode } from './frame/frame-error.ts';
export {
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  FRAME_VERSION,
  FrameFlags,
  GCM_TAG_BYTES,
  KNOWN_FLAGS_MASK,
  MAX_SAFE_U64,
  MAX_U32,
  PREV_HASH_BYTES,
  SIGNATURE_BYTES,
  decodeFrameHeader,
  encodeFrameHeader,
  hasFlag,
  type FrameHeader,
} from './frame/frame-header.ts';
export { MAX_FRAME_BYTES, decodeFrame, encodeFrame, type DecodedFrame, type FrameLimits } from './frame/frame.ts';
export {
  CLOSE_REASONS,
  CloseCode,
  StandardCloseCode,
  closeCodeForFrameError,
  closeReasonOf,
  isRetryableCloseCode,
} from './frame/close-code.ts';
export * from './frame/control-message.ts';

export { MediaPayloadError, type MediaPayloadErrorCode } from './media/media-payload-error.ts';
export {
  MAX_MEDIA_RECORDS,
  MAX_STREAM_TITLE_BYTES,
  MEDIA_PAYLOAD_VERSION,
  decodeMediaPayload,
  encodeMediaPayload,
  type AudioTrackConfig,
  type MediaPacket,
  type MediaPayload,
  type StreamInfoRecord,
  type TrackConfig,
  type VideoTrackConfig,
} from './media/media-payload.ts';

export { contentSecurityPolicy, securityHeaders, webSocketOriginOf } from './http/security-headers.ts';

export { USERNAME_HTML_PATTERN, USERNAME_PATTERN, USERNAME_RULE, isUsername } from './account/username.ts';

export { GRANT_SCOPES, MAX_GRANT_STREAM_IDS, type GrantScope } from './grant/grant-scope.ts';
export {
  GRANT_STATEMENT_VERSION,
  encodeGrantStatement,
  grantStatementProblem,
  type GrantStatementFields,
} from './grant/grant-statement.ts';

export {
  ACTION_STATEMENT_MAX_SKEW_MS,
  CERTIFICATE_REVOCATION_STATEMENT_VERSION,
  GRANT_REVOCATION_STATEMENT_VERSION,
  INGEST_TAKEOVER_STATEMENT_VERSION,
  STREAM_DELETION_STATEMENT_VERSION,
  certificateRevocationProblem,
  encodeCertificateRevocationStatement,
  encodeGrantRevocationStatement,
  encodeIngestTakeoverStatement,
  encodeStreamDeletionStatement,
  grantRevocationProblem,
  ingestTakeoverProblem,
  isFreshActionTime,
  streamDeletionProblem,
  type CertificateRevocationFields,
  type GrantRevocationFields,
  type IngestTakeoverFields,
  type StreamDeletionFields,
} from './actions/action-statements.ts';

export {
  AUDIT_CHECKPOINT_STATEMENT_VERSION,
  encodeAuditCheckpointStatement,
  type AuditCheckpointFields,
} from './audit/audit-checkpoint-statement.ts';

export {
  MAX_TREE_HEAD_STATEMENT_BYTES,
  TREE_HEAD_STATEMENT_VERSION,
  decodeTreeHeadStatement,
  encodeTreeHeadStatement,
  treeHeadStatementProblem,
  type TreeHeadFields,
} from './transparency/tree-head-statement.ts';
export {
  KNOWN_CERTIFICATES_STATEMENT_VERSION,
  MAX_KNOWN_CERTIFICATES,
  encodeKnownCertificatesStatement,
  knownCertificatesStatementProblem,
  type KnownCertificatesFields,
} from './evidence/known-certificates-statement.ts';
export {
  MAX_TREE_HEAD_COSIGNATURE_STATEMENT_BYTES,
  TREE_HEAD_COSIGNATURE_STATEMENT_VERSION,
  WITNESS_NAME,
  decodeTreeHeadCosignatureStatement,
  encodeTreeHeadCosignatureStatement,
  isWitnessName,
  treeHeadCosignatureProblem,
  type TreeHeadCosignatureFields,
} from './transparency/tree-head-cosignature-statement.ts';
export {
  LOGGED_CERTIFICATE_HASH_BYTES,
  LogEntryType,
  MAX_LOGGED_CERTIFICATE_BYTES,
  REVOKED_ENTRY_BYTES,
  decodeLogEntry,
  encodeLogEntry,
  type LogEntry,
} from './transparency/log-entry.ts';
