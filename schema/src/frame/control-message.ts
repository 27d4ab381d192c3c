import { base64ToBytes, isBase64 } from '../binary/base64.ts';
import { isUuid } from '../binary/uuid.ts';
import { FrameError } from './frame-error.ts';
import { MAX_SAFE_U64, MAX_U32 } from './frame-header.ts';

// [Note: control messages]
// Binary WebSocket messages are frames; text messages are small JSON control messages. Each
// socket has a fixed opening: the client speaks first (`hello` on ingest, `subscribe` on
// watch), the server answers (`resume` / `subscribed`), then frames flow. The parser is
// strict: exact key sets, no unknown types or keys, bounded size, canonical ids and
// integers, so both sides can trust a parsed message without further checks. Which types
// each direction may send is fixed below; docs/PROTOCOL.md §7 has the sequence diagrams.

/** Upper bound on a control message in UTF-8 bytes. */
export const MAX_CONTROL_MESSAGE_BYTES = 1024;

/**
 * Ingest, client → server, first message: "I am recording this stream". When another connection
 * is recording the stream, taking over needs proof of possession: `takeoverAt` (ISO 8601 UTC with
 * milliseconds) and `takeoverSignatureB64`, the account's `sig` signature over the
 * `seccam-ingest-takeover/v1` statement for this stream, user and time (docs/PROTOCOL.md §11).
 * Both or neither.
 */
export interface HelloMessage {
  readonly type: 'hello';
  readonly streamId: string;
  readonly takeoverAt?: string;
  readonly takeoverSignatureB64?: string;
}

/**
 * Ingest, server → client, reply to `hello`: where the stored chain ends, so the client
 * resends from `lastSeq + 1` (or starts at seq 0 with `chainHeadB64` = genesis when
 * `lastSeq` is null). `epoch` is the epoch of the last stored frame (null when none).
 */
export interface ResumeMessage {
  readonly type: 'resume';
  readonly streamId: string;
  readonly lastSeq: number | null;
  readonly chainHeadB64: string;
  readonly epoch: number | null;
}

/** Ingest, server → client: every frame up to and including `seq` is durably stored. */
export interface AckMessage {
  readonly type: 'ack';
  readonly seq: number;
}

/** Ingest, server → client: rotate to a new epoch now (a recipient lost access). */
export interface RekeyMessage {
  readonly type: 'rekey';
}

/**
 * Server → client on both sockets: the stream is closed by the signed END frame at `seq`
 * (ingest: it is stored; watch: it has been sent). The server then closes with 1000.
 */
export interface EndMessage {
  readonly type: 'end';
  readonly seq: number;
}

/**
 * Why a viewer reads a stream, as it declares it: `watch` (the default: live or replay in a
 * player), `export` (building an evidence file), `download` (saving the decrypted video). It is
 * recorded in the audit log for the owner's access history; it changes nothing the server sends,
 * and a viewer can always read for one purpose and use the frames for another.
 */
export const WATCH_PURPOSES = ['watch', 'export', 'download'] as const;
export type WatchPurpose = (typeof WATCH_PURPOSES)[number];

/** Watch, client → server, first message: send this stream from `from` (a seq, or 'live'). */
export interface SubscribeMessage {
  readonly type: 'subscribe';
  readonly streamId: string;
  readonly from: number | 'live';
  /** Optional, default `watch`. */
  readonly purpose?: WatchPurpose;
}

/**
 * Watch, server → client, reply to `subscribe`. Frames follow as one unbroken chain starting
 * at `fromSeq`. For a late join (`from: 'live'`) `fromSeq` is the latest KEYFRAME frame and,
 * when that frame lacks INIT, the latest INIT frame before it is sent first, detached from
 * the chain: `initSeq` names it (verify it by signature alone). `headSeq` is the last
 * stored seq when the subscription started (null if none): frames up to it are catch-up,
 * later ones live.
 */
export interface SubscribedMessage {
  readonly type: 'subscribed';
  readonly streamId: string;
  readonly fromSeq: number;
  readonly initSeq: number | null;
  readonly headSeq: number | null;
  readonly ended: boolean;
}

/** Watch, server → client: wrapped keys for `epoch` are published; fetch yours. */
export interface EpochMessage {
  readonly type: 'epoch';
  readonly epoch: number;
}

/** Watch, server → client: access was revoked; the server closes with 4499 next. */
export interface RevokedMessage {
  readonly type: 'revoked';
}

/** Server → client on both sockets, just before a 44xx close: a stable code and a short text. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly code: string;
  readonly message: string;
}

export type IngestClientMessage = HelloMessage;
export type IngestServerMessage = ResumeMessage | AckMessage | RekeyMessage | EndMessage | ErrorMessage;
export type WatchClientMessage = SubscribeMessage;
export type WatchServerMessage = SubscribedMessage | EpochMessage | EndMessage | RevokedMessage | ErrorMessage;
export type ControlMessage = IngestClientMessage | IngestServerMessage | WatchClientMessage | WatchServerMessage;
export type ControlMessageType = ControlMessage['type'];

export const INGEST_CLIENT_MESSAGE_TYPES = ['hello'] as const satisfies readonly IngestClientMessage['type'][];
export const INGEST_SERVER_MESSAGE_TYPES = [
  'resume',
  'ack',
  'rekey',
  'end',
  'error',
] as const satisfies readonly IngestServerMessage['type'][];
export const WATCH_CLIENT_MESSAGE_TYPES = ['subscribe'] as const satisfies readonly WatchClientMessage['type'][];
export const WATCH_SERVER_MESSAGE_TYPES = [
  'subscribed',
  'epoch',
  'end',
  'revoked',
  'error',
] as const satisfies readonly WatchServerMessage['type'][];

type Fields = Readonly<Record<string, unknown>>;
type FieldCheck = (value: unknown) => boolean;

const isSeq: FieldCheck = (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_SAFE_U64;
const isEpoch: FieldCheck = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_U32;
const isStreamId: FieldCheck = (v) => typeof v === 'string' && isUuid(v);
const isSeqOrNull: FieldCheck = (v) => v === null || isSeq(v);
const isEpochOrNull: FieldCheck = (v) => v === null || isEpoch(v);
const isHashB64: FieldCheck = (v) => typeof v === 'string' && v.length === 44 && isBase64(v) && base64ToBytes(v).byteLength === 32;
const isErrorCode: FieldCheck = (v) => typeof v === 'string' && /^[A-Z][A-Z0-9_]{0,31}$/.test(v);
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const isErrorText: FieldCheck = (v) => typeof v === 'string' && v.length <= 200 && !/[\u0000-\u001f\u007f]/.test(v);
const isFrom: FieldCheck = (v) => v === 'live' || isSeq(v);
const isIsoTime: FieldCheck = (v) =>
  typeof v === 'string' && v.length === 24 && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
const isSignatureB64: FieldCheck = (v) => typeof v === 'string' && v.length === 88 && isBase64(v) && base64ToBytes(v).byteLength === 64;

/** Exact field sets (besides `type`) and their checks, per message type. */
const SHAPES: Readonly<Record<ControlMessageType, Readonly<Record<string, FieldCheck>>>> = {
  hello: { streamId: isStreamId },
  resume: { streamId: isStreamId, lastSeq: isSeqOrNull, chainHeadB64: isHashB64, epoch: isEpochOrNull },
  ack: { seq: isSeq },
  rekey: {},
  end: { seq: isSeq },
  subscribe: { streamId: isStreamId, from: isFrom },
  subscribed: {
    streamId: isStreamId,
    fromSeq: isSeq,
    initSeq: isSeqOrNull,
    headSeq: isSeqOrNull,
    ended: (v) => typeof v === 'boolean',
  },
  epoch: { epoch: isEpoch },
  revoked: {},
  error: { code: isErrorCode, message: isErrorText },
};

/** Fields a message may leave out; when present they must pass their check. */
const OPTIONAL_FIELDS: Readonly<Partial<Record<ControlMessageType, Readonly<Record<string, FieldCheck>>>>> = {
  hello: { takeoverAt: isIsoTime, takeoverSignatureB64: isSignatureB64 },
  subscribe: { purpose: (v) => typeof v === 'string' && (WATCH_PURPOSES as readonly string[]).includes(v) },
};

function isControlMessageType(value: unknown): value is ControlMessageType {
  return typeof value === 'string' && Object.hasOwn(SHAPES, value);
}

/**
 * Parses one JSON control message. With `allowed`, only those types are accepted (use the
 * `*_MESSAGE_TYPES` lists for a socket direction). Throws FrameError('BAD_CONTROL') for
 * anything too long, not JSON, not an object, of an unknown or unexpected type, with a
 * missing, extra or out-of-range field.
 */
export function parseControlMessage<T extends ControlMessageType = ControlMessageType>(
  text: string,
  allowed?: readonly T[],
): Extract<ControlMessage, { type: T }> {
  const fields = parseJsonObject(text);
  const type = fields.type;
  if (!isControlMessageType(type)) throw badControl('unknown message type');
  if (allowed !== undefined && !(allowed as readonly string[]).includes(type)) {
    throw badControl(`message type '${type}' is not allowed here`);
  }
  const shape = SHAPES[type];
  const optional = OPTIONAL_FIELDS[type] ?? {};
  for (const key of Object.keys(fields)) {
    if (key === 'type' || Object.hasOwn(shape, key)) continue;
    const check = Object.hasOwn(optional, key) ? optional[key] : undefined;
    if (!check) throw badControl(`unexpected field '${key}' in '${type}'`);
    if (!check(fields[key])) throw badControl(`invalid '${key}' in '${type}'`);
  }
  for (const [key, check] of Object.entries(shape)) {
    if (!Object.hasOwn(fields, key) || !check(fields[key])) throw badControl(`missing or invalid '${key}' in '${type}'`);
  }
  if (type === 'hello' && Object.hasOwn(fields, 'takeoverAt') !== Object.hasOwn(fields, 'takeoverSignatureB64'))
    throw badControl("'takeoverAt' and 'takeoverSignatureB64' come together in 'hello'");
  return fields as unknown as Extract<ControlMessage, { type: T }>;
}

export const parseIngestClientMessage = (text: string): IngestClientMessage => parseControlMessage(text, INGEST_CLIENT_MESSAGE_TYPES);
export const parseIngestServerMessage = (text: string): IngestServerMessage => parseControlMessage(text, INGEST_SERVER_MESSAGE_TYPES);
export const parseWatchClientMessage = (text: string): WatchClientMessage => parseControlMessage(text, WATCH_CLIENT_MESSAGE_TYPES);
export const parseWatchServerMessage = (text: string): WatchServerMessage => parseControlMessage(text, WATCH_SERVER_MESSAGE_TYPES);

/**
 * Serialises a control message. It is checked by the same parser first, so a server can
 * never send what a client would refuse (throws FrameError('BAD_CONTROL')).
 */
export function serializeControlMessage(message: ControlMessage): string {
  const text = JSON.stringify(message);
  parseControlMessage(text);
  return text;
}

const utf8 = new TextEncoder();

function parseJsonObject(text: string): Fields {
  if (text.length > MAX_CONTROL_MESSAGE_BYTES || utf8.encode(text).byteLength > MAX_CONTROL_MESSAGE_BYTES) {
    throw badControl(`longer than ${MAX_CONTROL_MESSAGE_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FrameError('BAD_CONTROL', 'not JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badControl('not a JSON object');
  return value as Fields;
}

function badControl(message: string): FrameError {
  return new FrameError('BAD_CONTROL', message);
}
