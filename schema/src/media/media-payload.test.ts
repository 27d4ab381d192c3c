import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../binary/hex.ts';
import { MediaPayloadError, type MediaPayloadErrorCode } from './media-payload-error.ts';
import { MAX_MEDIA_RECORDS, decodeMediaPayload, encodeMediaPayload, type MediaPayload } from './media-payload.ts';

// Golden payload, written field by field from docs/PROTOCOL.md §6.
const GOLDEN_HEX = [
  '01', //         version 1
  '0004', //       4 records
  // track record: video track 0, "vp8", 640×480, no description
  '01',
  '00',
  '01',
  '03',
  '767038',
  '0280',
  '01e0',
  '00000000',
  // track record: audio track 1, "opus", 48 kHz, 1 channel, 2-byte description
  '01',
  '01',
  '02',
  '04',
  '6f707573',
  '0000bb80',
  '01',
  '00000002',
  '0102',
  // packet: track 0, key, t = 100 000 µs, d = 50 000 µs, 3 bytes
  '02',
  '00',
  '01',
  '00000000000186a0',
  '0000c350',
  '00000003',
  'aabbcc',
  // packet: track 1, delta, t = -5 000 µs, d = 20 000 µs, empty
  '02',
  '01',
  '00',
  'ffffffffffffec78',
  '00004e20',
  '00000000',
].join('');

const GOLDEN: MediaPayload = {
  tracks: [
    { kind: 'video', trackId: 0, codec: 'vp8', codedWidth: 640, codedHeight: 480, description: new Uint8Array(0) },
    { kind: 'audio', trackId: 1, codec: 'opus', sampleRate: 48_000, numberOfChannels: 1, description: Uint8Array.of(1, 2) },
  ],
  packets: [
    { trackId: 0, key: true, timestampUs: 100_000, durationUs: 50_000, data: Uint8Array.of(0xaa, 0xbb, 0xcc) },
    { trackId: 1, key: false, timestampUs: -5_000, durationUs: 20_000, data: new Uint8Array(0) },
  ],
};

function expectMediaError(action: () => unknown, code: MediaPayloadErrorCode): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(MediaPayloadError);
    expect((error as MediaPayloadError).code).toBe(code);
    return;
  }
  expect.fail(`expected MediaPayloadError ${code}`);
}

function patched(offset: number, hex: string): Uint8Array {
  const bytes = hexToBytes(GOLDEN_HEX);
  bytes.set(hexToBytes(hex), offset);
  return bytes;
}

// Offsets in the golden payload.
const FIRST_TRACK = 3;
const SECOND_TRACK = FIRST_TRACK + 15;
const FIRST_PACKET = SECOND_TRACK + 19;

describe('media payload', () => {
  it('encodes the golden vector byte for byte and decodes it back', () => {
    expect(bytesToHex(encodeMediaPayload(GOLDEN))).toBe(GOLDEN_HEX);
    expect(decodeMediaPayload(hexToBytes(GOLDEN_HEX))).toEqual(GOLDEN);
  });

  it('round-trips an empty payload (an END frame) and a payload of packets only', () => {
    const empty = encodeMediaPayload({ tracks: [], packets: [] });
    expect(bytesToHex(empty)).toBe('010000');
    expect(decodeMediaPayload(empty)).toEqual({ tracks: [], packets: [] });
    const packets = Array.from({ length: 5 }, (_, i) => ({
      trackId: 0,
      key: i === 0,
      timestampUs: i * 20_000,
      durationUs: 20_000,
      data: new Uint8Array(100 + i).fill(i),
    }));
    expect(decodeMediaPayload(encodeMediaPayload({ tracks: [], packets }))).toEqual({ tracks: [], packets });
  });

  it('decodes packet data as views of the input', () => {
    const bytes = hexToBytes(GOLDEN_HEX);
    expect(decodeMediaPayload(bytes).packets[0]?.data.buffer).toBe(bytes.buffer);
  });

  it('reports TRUNCATED for every proper prefix', () => {
    const bytes = hexToBytes(GOLDEN_HEX);
    for (let length = 0; length < bytes.byteLength; length++) {
      expectMediaError(() => decodeMediaPayload(bytes.subarray(0, length)), 'TRUNCATED');
    }
  });

  it('refuses trailing bytes', () => {
    expectMediaError(() => decodeMediaPayload(hexToBytes(GOLDEN_HEX + '00')), 'TRAILING_BYTES');
    expectMediaError(() => decodeMediaPayload(hexToBytes('01000002')), 'TRAILING_BYTES');
  });

  it('refuses other versions and unknown record kinds', () => {
    expectMediaError(() => decodeMediaPayload(patched(0, '02')), 'BAD_VERSION');
    expectMediaError(() => decodeMediaPayload(patched(0, '00')), 'BAD_VERSION');
    expectMediaError(() => decodeMediaPayload(patched(FIRST_TRACK, '04')), 'BAD_RECORD');
    expectMediaError(() => decodeMediaPayload(patched(FIRST_TRACK, '00')), 'BAD_RECORD');
  });

  it('carries the signed stream info as the first record of an INIT payload', () => {
    // Record kind 3, title "Van 7 · depot" (14 UTF-8 bytes), started 1 700 000 000 000 ms.
    const infoHex = '03' + '0e' + '56616e203720c2b7206465706f74' + '0000018bcfe56800';
    const track = '01000103767038028001e000000000';
    const bytes = hexToBytes(`010002${infoHex}${track}`);
    const decoded = decodeMediaPayload(bytes);
    expect(decoded.info).toEqual({ title: 'Van 7 · depot', startedAtMs: 1_700_000_000_000 });
    expect(bytesToHex(encodeMediaPayload(decoded))).toBe(bytesToHex(bytes));
    const withEmptyTitle = { ...GOLDEN, info: { title: '', startedAtMs: 0 } };
    expect(decodeMediaPayload(encodeMediaPayload(withEmptyTitle))).toEqual(withEmptyTitle);
    // Anywhere but first, twice, or without a track record: refused.
    expectMediaError(() => decodeMediaPayload(hexToBytes(`010002${track}${infoHex}`)), 'BAD_RECORD');
    expectMediaError(() => decodeMediaPayload(hexToBytes(`010003${infoHex}${infoHex}${track}`)), 'BAD_RECORD');
    expectMediaError(() => decodeMediaPayload(hexToBytes(`010001${infoHex}`)), 'BAD_RECORD');
    expectMediaError(() => encodeMediaPayload({ info: { title: 'x', startedAtMs: 1 }, tracks: [], packets: [] }), 'BAD_RECORD');
    // Invalid UTF-8, a control character, a direction override, a start past 2^53 − 1.
    for (const bad of [
      '03' + '01' + 'ff' + '0000018bcfe56800',
      '03' + '01' + '0a' + '0000018bcfe56800',
      '03' + '03' + 'e280ae' + '0000018bcfe56800',
      '03' + '00' + '0020000000000000',
    ]) {
      expectMediaError(() => decodeMediaPayload(hexToBytes(`010002${bad}${track}`)), 'BAD_FIELD');
    }
    for (const info of [
      { title: 'a\u0000b', startedAtMs: 1 },
      { title: '\u202eevil', startedAtMs: 1 },
      { title: 'é'.repeat(128), startedAtMs: 1 },
      { title: 'ok', startedAtMs: -1 },
      { title: 'ok', startedAtMs: 1.5 },
    ]) {
      expectMediaError(() => encodeMediaPayload({ ...GOLDEN, info }), 'BAD_FIELD');
    }
    expect(
      decodeMediaPayload(encodeMediaPayload({ ...GOLDEN, info: { title: 'é'.repeat(127), startedAtMs: 1 } })).info?.title,
    ).toHaveLength(127);
  });

  it('refuses a track record after a packet record', () => {
    const packet = '02000100000000000186a00000c35000000000';
    const track = '01000103767038028001e000000000';
    expectMediaError(() => decodeMediaPayload(hexToBytes(`010002${packet}${track}`)), 'BAD_RECORD');
    expect(decodeMediaPayload(hexToBytes(`010002${track}${packet}`)).tracks).toHaveLength(1);
  });

  it('refuses a track configured twice', () => {
    expectMediaError(() => decodeMediaPayload(patched(SECOND_TRACK + 1, '00')), 'DUPLICATE_TRACK');
    const [video] = GOLDEN.tracks;
    if (video === undefined) throw new Error('fixture');
    expectMediaError(() => encodeMediaPayload({ ...GOLDEN, tracks: [video, video] }), 'DUPLICATE_TRACK');
  });

  it('refuses bad field values', () => {
    const cases: [number, string][] = [
      [FIRST_TRACK + 2, '03'], //            unknown media kind
      [FIRST_TRACK + 3, '00'], //            empty codec (checked before the misaligned fields after it)
      [FIRST_TRACK + 4, '0a'], //            control character in the codec string
      [FIRST_TRACK + 4, 'ff'], //            non-ASCII byte in the codec string
      [FIRST_TRACK + 7, '0000'], //          codedWidth 0
      [SECOND_TRACK + 8, '00000000'], //     sampleRate 0
      [SECOND_TRACK + 12, '00'], //          0 channels
      [FIRST_PACKET + 2, '02'], //           reserved packet flag
      [FIRST_PACKET + 3, '0020000000000000'], // timestamp 2^53
      [FIRST_PACKET + 3, 'ffdfffffffffffff'], // timestamp -(2^53 + 1)
    ];
    for (const [offset, hex] of cases) expectMediaError(() => decodeMediaPayload(patched(offset, hex)), 'BAD_FIELD');
  });

  it('refuses too many records before reading them', () => {
    expectMediaError(() => decodeMediaPayload(hexToBytes('01ffff')), 'TOO_MANY_RECORDS');
    const packet = { trackId: 0, key: false, timestampUs: 0, durationUs: 0, data: new Uint8Array(0) };
    expectMediaError(
      () => encodeMediaPayload({ tracks: [], packets: Array.from({ length: MAX_MEDIA_RECORDS + 1 }, () => packet) }),
      'TOO_MANY_RECORDS',
    );
    expect(
      decodeMediaPayload(encodeMediaPayload({ tracks: [], packets: Array.from({ length: MAX_MEDIA_RECORDS }, () => packet) })).packets,
    ).toHaveLength(MAX_MEDIA_RECORDS);
  });

  it('refuses to encode out-of-range values', () => {
    const [video] = GOLDEN.tracks;
    const [packet] = GOLDEN.packets;
    if (video === undefined || packet === undefined) throw new Error('fixture');
    const badTracks = [
      { ...video, trackId: 256 },
      { ...video, codec: '' },
      { ...video, codec: 'vp8\n' },
      { ...video, codec: 'é' },
      { ...video, codec: 'x'.repeat(256) },
      { ...video, codedHeight: 65_536 },
    ];
    for (const track of badTracks) expectMediaError(() => encodeMediaPayload({ tracks: [track], packets: [] }), 'BAD_FIELD');
    const badPackets = [
      { ...packet, trackId: -1 },
      { ...packet, timestampUs: 2 ** 53 },
      { ...packet, timestampUs: 0.5 },
      { ...packet, durationUs: 2 ** 32 },
    ];
    for (const bad of badPackets) expectMediaError(() => encodeMediaPayload({ tracks: [], packets: [bad] }), 'BAD_FIELD');
  });
});
