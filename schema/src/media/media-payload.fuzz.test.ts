import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteMutationsOf, expectCutsTruncatedAndExtensionsTrailing, joined, refusalsOf } from '../fuzz.test-support.ts';
import { bytesToHex } from '../binary/hex.ts';
import { MediaPayloadError } from './media-payload-error.ts';
import {
  MAX_MEDIA_RECORDS,
  MEDIA_PAYLOAD_VERSION,
  decodeMediaPayload,
  encodeMediaPayload,
  type MediaPacket,
  type MediaPayload,
  type TrackConfig,
} from './media-payload.ts';

// Property tests for the media payload (docs/PROTOCOL.md §6). The payload is inside the
// ciphertext, but a malicious driver can sign garbage, so the decoder treats it as hostile:
// bytes either decode to a payload that re-encodes to exactly those bytes, or are refused
// with a MediaPayloadError whose code names the problem. Any other exception fails.

const RUNS = 300;
const refusals = refusalsOf(MediaPayloadError);
const { outcomeOf, expectCode } = refusals;

const u8 = fc.integer({ min: 0, max: 0xff });
const codec = fc.oneof(
  fc.constantFrom('vp8', 'vp09.00.10.08', 'avc1.42001f', 'opus', 'mp4a.40.2'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 255 }),
);
const description = fc.uint8Array({ maxLength: 40 });

const videoTrack = fc.record({
  kind: fc.constant('video' as const),
  trackId: u8,
  codec,
  codedWidth: fc.integer({ min: 1, max: 0xffff }),
  codedHeight: fc.integer({ min: 1, max: 0xffff }),
  description,
});
const audioTrack = fc.record({
  kind: fc.constant('audio' as const),
  trackId: u8,
  codec,
  sampleRate: fc.oneof(fc.constantFrom(8000, 44_100, 48_000), fc.integer({ min: 1, max: 0xffff_ffff })),
  numberOfChannels: fc.integer({ min: 1, max: 0xff }),
  description,
});
const packet: fc.Arbitrary<MediaPacket> = fc.record({
  trackId: u8,
  key: fc.boolean(),
  timestampUs: fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger()),
  durationUs: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 0xffff_ffff })),
  data: fc.uint8Array({ maxLength: 64 }),
});

const validPayload: fc.Arbitrary<MediaPayload> = fc.record({
  tracks: fc.uniqueArray(fc.oneof(videoTrack, audioTrack), { maxLength: 4, selector: (track) => track.trackId }),
  packets: fc.array(packet, { maxLength: 8 }),
});

const validBytes: fc.Arbitrary<Uint8Array> = validPayload.map(encodeMediaPayload);

/** Values a length or counter field likes to be attacked with. */
function interestingU32(length: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x100, 0x3ff, 0x400, 0x401, 0xffff, 0x7fff_ffff, 0xffff_ffff),
    fc.constantFrom(length - 1, length, length + 1).filter((n) => n >= 0),
    fc.integer({ min: 0, max: 0xffff_ffff }),
  );
}

/** One hostile change to valid bytes: bit flips, truncation, extension, overwrites, splices, length fields. */
function mutationOf(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    ...byteMutationsOf(bytes),
    fc
      .tuple(fc.nat({ max: bytes.byteLength - 1 }), fc.constantFrom(1, 2, 4), interestingU32(bytes.byteLength))
      .map(([at, width, value]) => {
        const out = joined(bytes, new Uint8Array(width));
        const view = new DataView(out.buffer);
        if (width === 1) view.setUint8(at, value & 0xff);
        else if (width === 2) view.setUint16(at, value & 0xffff);
        else view.setUint32(at, value);
        return out.subarray(0, bytes.byteLength);
      }),
  );
}

/** Refused with a MediaPayloadError, or accepted as a payload that re-encodes to exactly `bytes`. */
function expectCanonicalOrRefused(bytes: Uint8Array): void {
  const outcome = outcomeOf(() => decodeMediaPayload(bytes));
  if (!(outcome instanceof MediaPayloadError)) expect(bytesToHex(encodeMediaPayload(outcome))).toBe(bytesToHex(bytes));
}

function withRecordCount(bytes: Uint8Array, count: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint16(1, count);
  return out;
}

describe('media payload properties', () => {
  it('round-trips every valid payload', () => {
    fc.assert(
      fc.property(validPayload, (payload) => {
        const bytes = encodeMediaPayload(payload);
        expect(decodeMediaPayload(bytes)).toEqual(payload);
        expect(bytesToHex(encodeMediaPayload(decodeMediaPayload(bytes)))).toBe(bytesToHex(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random bytes with a canonical payload or a MediaPayloadError', () => {
    const plausible = fc
      .tuple(fc.integer({ min: 0, max: 8 }), fc.array(fc.oneof(fc.constantFrom(1, 2), u8), { maxLength: 200 }))
      .map(([count, rest]) => Uint8Array.of(MEDIA_PAYLOAD_VERSION, 0, count, ...rest));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), plausible), expectCanonicalOrRefused), { numRuns: RUNS });
  });

  it('answers mutated payloads with a canonical payload or a MediaPayloadError', () => {
    const mutated = validBytes.filter((bytes) => bytes.byteLength > 3).chain(mutationOf);
    fc.assert(fc.property(mutated, expectCanonicalOrRefused), { numRuns: RUNS });
  });

  it('reports every proper prefix as TRUNCATED and every extension as TRAILING_BYTES', () => {
    expectCutsTruncatedAndExtensionsTrailing(validBytes, decodeMediaPayload, refusals, RUNS);
  });

  it('refuses a record count that disagrees with the records with the precise code', () => {
    fc.assert(
      fc.property(validPayload, fc.integer({ min: 0, max: 0xffff }), (payload, count) => {
        const actual = payload.tracks.length + payload.packets.length;
        fc.pre(count !== actual);
        const outcome = outcomeOf(() => decodeMediaPayload(withRecordCount(encodeMediaPayload(payload), count)));
        if (count > MAX_MEDIA_RECORDS) expectCode(outcome, 'TOO_MANY_RECORDS');
        else if (count > actual) expectCode(outcome, 'TRUNCATED');
        else expectCode(outcome, 'TRAILING_BYTES');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses other versions, and a track record after a packet record', () => {
    fc.assert(
      fc.property(
        validBytes,
        u8.filter((version) => version !== MEDIA_PAYLOAD_VERSION),
        (bytes, version) => {
          const out = bytes.slice();
          out[0] = version;
          expectCode(
            outcomeOf(() => decodeMediaPayload(out)),
            'BAD_VERSION',
          );
        },
      ),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.oneof(videoTrack, audioTrack), packet, (track, first) => {
        const trackBytes = encodeMediaPayload({ tracks: [track], packets: [] }).subarray(3);
        const packetBytes = encodeMediaPayload({ tracks: [], packets: [first] }).subarray(3);
        const swapped = joined(Uint8Array.of(MEDIA_PAYLOAD_VERSION, 0, 2), packetBytes, trackBytes);
        expectCode(
          outcomeOf(() => decodeMediaPayload(swapped)),
          'BAD_RECORD',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a payload that configures a track twice', () => {
    fc.assert(
      fc.property(fc.oneof(videoTrack, audioTrack), fc.oneof(videoTrack, audioTrack), (first, second) => {
        const tracks = [first, { ...second, trackId: first.trackId }];
        const records = tracks.map((track) => encodeMediaPayload({ tracks: [track], packets: [] }).subarray(3));
        const bytes = joined(Uint8Array.of(MEDIA_PAYLOAD_VERSION, 0, 2), ...records);
        expectCode(
          outcomeOf(() => decodeMediaPayload(bytes)),
          'DUPLICATE_TRACK',
        );
        expectCode(
          outcomeOf(() => encodeMediaPayload({ tracks, packets: [] })),
          'DUPLICATE_TRACK',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('encodes any payload whose fields decode back, and refuses the rest with a MediaPayloadError', () => {
    const anyNumber = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.maxSafeInteger(),
      fc.constantFrom(-1, 0, 0x100, 0x1_0000, 2 ** 32, 2 ** 53, -(2 ** 53), Number.NaN, Number.POSITIVE_INFINITY),
    );
    const anyCodec = fc.oneof(codec, fc.string({ unit: 'binary', maxLength: 260 }));
    const anyTrack = fc.oneof(
      fc.record({
        kind: fc.constant('video' as const),
        trackId: fc.oneof(u8, anyNumber),
        codec: anyCodec,
        codedWidth: anyNumber,
        codedHeight: anyNumber,
        description,
      }),
      fc.record({
        kind: fc.constant('audio' as const),
        trackId: fc.oneof(u8, anyNumber),
        codec: anyCodec,
        sampleRate: anyNumber,
        numberOfChannels: anyNumber,
        description,
      }),
    );
    const anyPacket = fc.record({
      trackId: fc.oneof(u8, anyNumber),
      key: fc.boolean(),
      timestampUs: anyNumber,
      durationUs: anyNumber,
      data: fc.uint8Array({ maxLength: 8 }),
    });
    const anyPayload = fc.record({
      tracks: fc.array(fc.oneof(videoTrack, audioTrack, anyTrack), { maxLength: 3 }),
      packets: fc.array(fc.oneof(packet, anyPacket), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(anyPayload, (payload: MediaPayload) => {
        const outcome = outcomeOf(() => encodeMediaPayload(payload));
        if (outcome instanceof MediaPayloadError) return;
        // An encoded -0 decodes as 0, the same value for every consumer: compare through JSON.
        expect(asJson(decodeMediaPayload(outcome))).toEqual(asJson(payload));
      }),
      { numRuns: RUNS },
    );
  });

  it(`refuses more than ${MAX_MEDIA_RECORDS} records on both sides`, () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_MEDIA_RECORDS + 1, max: MAX_MEDIA_RECORDS + 8 }), packet, (count, one) => {
        const packets = Array.from({ length: count }, () => one);
        expectCode(
          outcomeOf(() => encodeMediaPayload({ tracks: [] as TrackConfig[], packets })),
          'TOO_MANY_RECORDS',
        );
      }),
      { numRuns: 20 },
    );
  });
});

/** The JSON view of a payload: bytes as hex, and -0 as 0. */
function asJson(payload: MediaPayload): unknown {
  return JSON.parse(JSON.stringify(payload, (_key, value: unknown) => (value instanceof Uint8Array ? bytesToHex(value) : value)));
}
