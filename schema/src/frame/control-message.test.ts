import { describe, expect, it } from 'vitest';
import { FrameError } from './frame-error.ts';
import {
  INGEST_CLIENT_MESSAGE_TYPES,
  MAX_CONTROL_MESSAGE_BYTES,
  parseControlMessage,
  parseIngestClientMessage,
  parseIngestServerMessage,
  parseWatchClientMessage,
  parseWatchServerMessage,
  serializeControlMessage,
  type ControlMessage,
} from './control-message.ts';

const STREAM = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';
const HASH_B64 = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
const SIG_B64 = btoa(String.fromCharCode(...Array.from({ length: 64 }, (_, i) => i)));
const AT = '2026-01-02T03:04:05.000Z';

const VALID: readonly ControlMessage[] = [
  { type: 'hello', streamId: STREAM },
  { type: 'hello', streamId: STREAM, takeoverAt: AT, takeoverSignatureB64: SIG_B64 },
  { type: 'resume', streamId: STREAM, lastSeq: 41, chainHeadB64: HASH_B64, epoch: 3 },
  { type: 'resume', streamId: STREAM, lastSeq: null, chainHeadB64: HASH_B64, epoch: null },
  { type: 'ack', seq: 0 },
  { type: 'ack', seq: Number.MAX_SAFE_INTEGER },
  { type: 'rekey' },
  { type: 'end', seq: 99 },
  { type: 'subscribe', streamId: STREAM, from: 'live' },
  { type: 'subscribe', streamId: STREAM, from: 0 },
  { type: 'subscribe', streamId: STREAM, from: 0, purpose: 'export' },
  { type: 'subscribe', streamId: STREAM, from: 'live', purpose: 'watch' },
  { type: 'subscribed', streamId: STREAM, fromSeq: 40, initSeq: 20, headSeq: 45, ended: false },
  { type: 'subscribed', streamId: STREAM, fromSeq: 0, initSeq: null, headSeq: null, ended: true },
  { type: 'epoch', epoch: 0xffff_ffff },
  { type: 'revoked' },
  { type: 'error', code: 'SEQUENCE_GAP', message: 'expected seq 7, got 9' },
];

function expectBadControl(text: string, parse: (text: string) => unknown = parseControlMessage): void {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).code).toBe('BAD_CONTROL');
    return;
  }
  expect.fail(`expected BAD_CONTROL for ${text.slice(0, 80)}`);
}

describe('control messages', () => {
  it('round-trip every message type', () => {
    for (const message of VALID) expect(parseControlMessage(serializeControlMessage(message))).toEqual(message);
  });

  it('accept keys in any order', () => {
    expect(parseControlMessage(`{"seq":3,"type":"ack"}`)).toEqual({ type: 'ack', seq: 3 });
  });

  it('refuse text that is not a JSON object', () => {
    for (const text of ['', 'ack', '{', '[]', '[{"type":"ack","seq":1}]', 'null', '42', '"ack"', 'true']) expectBadControl(text);
  });

  it('refuse unknown types and missing types', () => {
    for (const text of [
      '{}',
      '{"type":"ping"}',
      '{"type":"ACK","seq":1}',
      '{"type":1}',
      '{"type":null}',
      '{"type":"toString"}',
      '{"type":"__proto__"}',
    ]) {
      expectBadControl(text);
    }
  });

  it('refuse missing, extra and mistyped fields', () => {
    const texts = [
      '{"type":"ack"}',
      '{"type":"ack","seq":1,"extra":true}',
      '{"type":"ack","seq":1,"__proto__":{"admin":true}}',
      '{"type":"ack","seq":"1"}',
      '{"type":"ack","seq":-1}',
      '{"type":"ack","seq":1.5}',
      '{"type":"ack","seq":9007199254740992}',
      '{"type":"ack","seq":1e400}',
      '{"type":"ack","seq":null}',
      '{"type":"revoked","reason":"x"}',
      '{"type":"epoch","epoch":4294967296}',
      `{"type":"hello","streamId":"${STREAM.toUpperCase()}"}`,
      `{"type":"hello","streamId":"${STREAM.replaceAll('-', '')}"}`,
      '{"type":"hello","streamId":"not-a-uuid"}',
      `{"type":"subscribe","streamId":"${STREAM}","from":"start"}`,
      `{"type":"subscribe","streamId":"${STREAM}","from":-1}`,
      `{"type":"subscribe","streamId":"${STREAM}"}`,
      `{"type":"subscribe","streamId":"${STREAM}","from":0,"purpose":"steal"}`,
      `{"type":"subscribe","streamId":"${STREAM}","from":0,"purpose":null}`,
      `{"type":"hello","streamId":"${STREAM}","purpose":"watch"}`,
      `{"type":"hello","streamId":"${STREAM}","takeoverAt":"${AT}"}`,
      `{"type":"hello","streamId":"${STREAM}","takeoverSignatureB64":"${SIG_B64}"}`,
      `{"type":"hello","streamId":"${STREAM}","takeoverAt":"2026-01-02T03:04:05Z","takeoverSignatureB64":"${SIG_B64}"}`,
      `{"type":"hello","streamId":"${STREAM}","takeoverAt":"2026-13-02T03:04:05.000Z","takeoverSignatureB64":"${SIG_B64}"}`,
      `{"type":"hello","streamId":"${STREAM}","takeoverAt":"${AT}","takeoverSignatureB64":"${SIG_B64.slice(4)}"}`,
      `{"type":"subscribed","streamId":"${STREAM}","fromSeq":0,"initSeq":null,"headSeq":null,"ended":"no"}`,
      `{"type":"resume","streamId":"${STREAM}","lastSeq":1,"chainHeadB64":"AAEC","epoch":0}`,
      `{"type":"resume","streamId":"${STREAM}","lastSeq":1,"chainHeadB64":"${HASH_B64.replace('=', 'A')}","epoch":0}`,
      `{"type":"resume","streamId":"${STREAM}","lastSeq":1,"chainHeadB64":"${HASH_B64.replace('8=', '9=')}","epoch":0}`,
      `{"type":"resume","streamId":"${STREAM}","lastSeq":1,"chainHeadB64":"${HASH_B64}"}`,
      '{"type":"error","code":"bad code","message":"x"}',
      '{"type":"error","code":"E","message":"line\\nbreak"}',
      `{"type":"error","code":"E","message":"${'x'.repeat(201)}"}`,
    ];
    for (const text of texts) expectBadControl(text);
  });

  it(`refuse messages longer than ${MAX_CONTROL_MESSAGE_BYTES} bytes, counting UTF-8`, () => {
    expectBadControl(`{"type":"ack","seq":1}${' '.repeat(MAX_CONTROL_MESSAGE_BYTES)}`);
    // 400 × "é" is 400 UTF-16 units but 800 bytes; with padding the UTF-8 size passes the limit.
    expectBadControl(`{"type":"ack","seq":1,"x":"${'é'.repeat(400)}"}${' '.repeat(300)}`);
    expect(parseControlMessage(`{"type":"ack","seq":1}${' '.repeat(MAX_CONTROL_MESSAGE_BYTES - 22)}`)).toEqual({ type: 'ack', seq: 1 });
  });

  it('refuse types outside the socket direction', () => {
    expect(parseIngestClientMessage(`{"type":"hello","streamId":"${STREAM}"}`).type).toBe('hello');
    expectBadControl('{"type":"ack","seq":1}', parseIngestClientMessage);
    expectBadControl(`{"type":"subscribe","streamId":"${STREAM}","from":"live"}`, parseIngestClientMessage);
    expectBadControl(`{"type":"hello","streamId":"${STREAM}"}`, parseIngestServerMessage);
    expectBadControl(`{"type":"hello","streamId":"${STREAM}"}`, parseWatchClientMessage);
    expectBadControl('{"type":"rekey"}', parseWatchServerMessage);
    expectBadControl('{"type":"revoked"}', parseIngestServerMessage);
    expectBadControl('{"type":"revoked"}', (text) => parseControlMessage(text, INGEST_CLIENT_MESSAGE_TYPES));
  });

  it('refuse to serialise an invalid message', () => {
    expect(() => serializeControlMessage({ type: 'ack', seq: -1 })).toThrow(FrameError);
    expect(() => serializeControlMessage({ type: 'hello', streamId: 'x' })).toThrow(FrameError);
  });
});
