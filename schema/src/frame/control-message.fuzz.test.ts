import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../binary/base64.ts';
import { uuidFromBytes } from '../binary/uuid.ts';
import { refusalsOf } from '../fuzz.test-support.ts';
import {
  INGEST_CLIENT_MESSAGE_TYPES,
  INGEST_SERVER_MESSAGE_TYPES,
  MAX_CONTROL_MESSAGE_BYTES,
  WATCH_CLIENT_MESSAGE_TYPES,
  WATCH_PURPOSES,
  WATCH_SERVER_MESSAGE_TYPES,
  parseControlMessage,
  parseIngestClientMessage,
  parseIngestServerMessage,
  parseWatchClientMessage,
  parseWatchServerMessage,
  serializeControlMessage,
  type ControlMessage,
  type ControlMessageType,
} from './control-message.ts';
import { FrameError } from './frame-error.ts';
import { MAX_SAFE_U64, MAX_U32 } from './frame-header.ts';

// Property tests for the JSON control messages (docs/PROTOCOL.md §7): every valid message
// survives serialise → parse on the sockets that may carry it, and any other text is refused
// with FrameError('BAD_CONTROL'), never another exception. What the parser accepts must be
// stable: serialising it again gives text that parses to the same message.

const RUNS = 300;
const { outcomeOf } = refusalsOf(FrameError);

const bytesOf = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });
const streamId = bytesOf(16).map(uuidFromBytes);
const seq = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat(), fc.constant(MAX_SAFE_U64));
const epoch = fc.oneof(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: MAX_U32 }));
const hashB64 = bytesOf(32).map(bytesToBase64);
const errorCode = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,31}$/);
// Any code point but C0 controls and DEL (lone surrogates are left to the hostile properties).
const errorText = fc
  .string({ unit: 'binary', maxLength: 200 })
  // eslint-disable-next-line no-control-regex -- the parser refuses exactly these
  .map((text) => text.replace(/[\u0000-\u001f\u007f]/g, ''))
  .filter((text) => text.length <= 200);

const validMessage: fc.Arbitrary<ControlMessage> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), streamId }),
  fc.record({
    type: fc.constant('resume' as const),
    streamId,
    lastSeq: fc.option(seq),
    chainHeadB64: hashB64,
    epoch: fc.option(epoch),
  }),
  fc.record({ type: fc.constant('ack' as const), seq }),
  fc.record({ type: fc.constant('rekey' as const) }),
  fc.record({ type: fc.constant('end' as const), seq }),
  fc.record(
    {
      type: fc.constant('subscribe' as const),
      streamId,
      from: fc.oneof(seq, fc.constant('live' as const)),
      purpose: fc.constantFrom(...WATCH_PURPOSES),
    },
    { requiredKeys: ['type', 'streamId', 'from'] },
  ),
  fc.record({
    type: fc.constant('subscribed' as const),
    streamId,
    fromSeq: seq,
    initSeq: fc.option(seq),
    headSeq: fc.option(seq),
    ended: fc.boolean(),
  }),
  fc.record({ type: fc.constant('epoch' as const), epoch }),
  fc.record({ type: fc.constant('revoked' as const) }),
  fc.record({ type: fc.constant('error' as const), code: errorCode, message: errorText }),
);

const DIRECTIONS: readonly [(text: string) => ControlMessage, readonly ControlMessageType[]][] = [
  [parseIngestClientMessage, INGEST_CLIENT_MESSAGE_TYPES],
  [parseIngestServerMessage, INGEST_SERVER_MESSAGE_TYPES],
  [parseWatchClientMessage, WATCH_CLIENT_MESSAGE_TYPES],
  [parseWatchServerMessage, WATCH_SERVER_MESSAGE_TYPES],
];

/** Values a field is attacked with: wrong types, edges of the ranges, near-miss spellings. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(-1, -0, 0.5, 2 ** 32, 2 ** 53, 1e308, '', 'live', '0', 'Watch', null, true, [], {}),
  streamId.map((id) => id.toUpperCase()),
  streamId.map((id) => id.replaceAll('-', '')),
  hashB64.map((b64) => b64.replaceAll('+', '-').replaceAll('/', '_')),
  fc.uint8Array({ minLength: 31, maxLength: 33 }).map(bytesToBase64),
  fc.string({ unit: 'binary', maxLength: 210 }),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'Type', 'type ', '', 'purpose'),
  fc.string({ maxLength: 8 }),
);
/** Characters that matter to JSON, plus anything. */
const jsonChar = fc.oneof(
  fc.constantFrom(...Array.from('{}[]":,-+.eE0123456789 \\tfnul\u2028\ud800')),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** A valid message with one field replaced, removed or added, or its type swapped. */
const fieldMutation: fc.Arbitrary<Record<string, unknown>> = validMessage.chain((message) => {
  const fields: Record<string, unknown> = { ...message };
  const keys = Object.keys(fields);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), hostileValue).map(([key, value]) => ({ ...fields, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== key))),
    fc.tuple(hostileKey, hostileValue).map(([key, value]) => {
      const out: Record<string, unknown> = { ...fields };
      Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
      return out;
    }),
    fc
      .constantFrom<ControlMessageType>('hello', 'resume', 'ack', 'rekey', 'end', 'subscribe', 'subscribed', 'epoch', 'revoked', 'error')
      .map((type) => ({ ...fields, type })),
  );
});

/** The JSON text of a valid message with characters deleted, inserted or replaced. */
const textMutation: fc.Arbitrary<string> = validMessage
  .map((message) => JSON.stringify(message))
  .chain((text) => {
    const at = fc.nat({ max: text.length });
    return fc.array(fc.tuple(at, fc.nat({ max: 3 }), fc.array(jsonChar, { maxLength: 3 })), { minLength: 1, maxLength: 3 }).map((edits) => {
      let out = text;
      for (const [index, removed, inserted] of edits) out = out.slice(0, index) + inserted.join('') + out.slice(index + removed);
      return out;
    });
  });

/** Refused as BAD_CONTROL, or accepted as a message that serialises and parses back to itself. */
function expectStableOrBadControl(text: string): void {
  const outcome = outcomeOf(() => parseControlMessage(text));
  if (outcome instanceof FrameError) {
    expect(outcome.code).toBe('BAD_CONTROL');
    return;
  }
  // JSON "-0" parses as -0 and serialises as "0": compare through JSON, where they are one value.
  expect(JSON.stringify(parseControlMessage(serializeControlMessage(outcome)))).toBe(JSON.stringify(outcome));
}

const utf8 = new TextEncoder();

describe('control message properties', () => {
  it('round-trips every valid message, on exactly the sockets that may carry it', () => {
    fc.assert(
      fc.property(validMessage, (message) => {
        const text = serializeControlMessage(message);
        expect(parseControlMessage(text)).toEqual(message);
        for (const [parse, types] of DIRECTIONS) {
          const outcome = outcomeOf(() => parse(text));
          if (types.includes(message.type)) expect(outcome).toEqual(message);
          else expect(outcome).toMatchObject({ code: 'BAD_CONTROL' });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts a message with its keys in any order', () => {
    fc.assert(
      fc.property(
        validMessage.chain((message) => fc.shuffledSubarray(Object.entries(message), { minLength: Object.keys(message).length })),
        (entries) => {
          const message = Object.fromEntries(entries) as unknown as ControlMessage;
          expect(parseControlMessage(JSON.stringify(message))).toEqual(message);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers arbitrary text with a stable message or BAD_CONTROL', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'binary-ascii', maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.array(jsonChar, { maxLength: 60 }).map((chars) => chars.join('')),
    );
    fc.assert(fc.property(text, expectStableOrBadControl), { numRuns: RUNS });
  });

  it('answers mutated message text with a stable message or BAD_CONTROL', () => {
    fc.assert(fc.property(textMutation, expectStableOrBadControl), { numRuns: RUNS });
  });

  it('answers messages with a replaced, missing or extra field with a stable message or BAD_CONTROL', () => {
    fc.assert(
      fc.property(fieldMutation, (fields) => {
        expectStableOrBadControl(JSON.stringify(fields));
        // A server handing such an object to the serialiser gets the same typed refusal.
        const serialized = outcomeOf(() => JSON.parse(serializeControlMessage(fields as unknown as ControlMessage)) as ControlMessage);
        if (serialized instanceof FrameError) expect(serialized.code).toBe('BAD_CONTROL');
      }),
      { numRuns: RUNS },
    );
  });

  it(`accepts padded messages up to ${MAX_CONTROL_MESSAGE_BYTES} UTF-8 bytes and refuses longer ones`, () => {
    const padded = fc.tuple(validMessage, fc.nat({ max: MAX_CONTROL_MESSAGE_BYTES }), fc.constantFrom(' ', '\n', '\t', '\r'));
    fc.assert(
      fc.property(padded, ([message, padding, space]) => {
        const text = serializeControlMessage(message) + space.repeat(padding);
        const outcome = outcomeOf(() => parseControlMessage(text));
        if (utf8.encode(text).byteLength <= MAX_CONTROL_MESSAGE_BYTES) expect(outcome).toEqual(message);
        else expect(outcome).toMatchObject({ code: 'BAD_CONTROL' });
      }),
      { numRuns: RUNS },
    );
  });
});
