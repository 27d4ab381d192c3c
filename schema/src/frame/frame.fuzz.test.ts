import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteMutationsOf, expectCutsTruncatedAndExtensionsTrailing, joined, refusalsOf } from '../fuzz.test-support.ts';
import { bytesToHex } from '../binary/hex.ts';
import { uuidFromBytes } from '../binary/uuid.ts';
import { FrameError, type FrameErrorCode } from './frame-error.ts';
import {
  FRAME_HEADER_BYTES,
  FRAME_MAGIC,
  GCM_TAG_BYTES,
  KNOWN_FLAGS_MASK,
  MAX_SAFE_U64,
  MAX_U32,
  SIGNATURE_BYTES,
  decodeFrameHeader,
  encodeFrameHeader,
  type FrameHeader,
} from './frame-header.ts';
import { decodeFrame, encodeFrame, type DecodedFrame } from './frame.ts';

// Property tests for the frame codec (docs/PROTOCOL.md §2): hostile bytes either decode to a
// frame that re-encodes to exactly those bytes, or are refused with a FrameError whose code
// names the problem. Any other exception fails the property, and fast-check prints the seed
// and the shrunk counterexample.

const RUNS = 300;
const refusals = refusalsOf(FrameError);
const { outcomeOf, expectCode } = refusals;

const OFFSET = { version: 4, flags: 5, seq: 26, captureTs: 34, ciphertextLength: 74 } as const;

const bytesOf = (length: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: length, maxLength: length });
const u32 = fc.integer({ min: 0, max: MAX_U32 });
/** Safe u64 values, biased to both ends of the range. */
const safeU64 = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.maxSafeNat(), fc.constant(MAX_SAFE_U64));

interface FrameParts {
  readonly header: FrameHeader;
  readonly ciphertext: Uint8Array;
  readonly signature: Uint8Array;
}

/** Every field in range: what a recording client may send. */
const validParts: fc.Arbitrary<FrameParts> = fc
  .record({
    flags: fc.integer({ min: 0, max: KNOWN_FLAGS_MASK }),
    streamId: bytesOf(16).map(uuidFromBytes),
    epoch: u32,
    seq: safeU64,
    captureTs: safeU64,
    prevHash: bytesOf(32),
    ciphertext: fc.uint8Array({ minLength: GCM_TAG_BYTES, maxLength: 200 }),
    signature: bytesOf(SIGNATURE_BYTES),
  })
  .map(({ ciphertext, signature, ...fields }) => ({
    header: { ...fields, ciphertextLength: ciphertext.byteLength },
    ciphertext,
    signature,
  }));

const validFrame: fc.Arbitrary<Uint8Array> = validParts.map(encodeParts);

function encodeParts(parts: FrameParts): Uint8Array {
  return encodeFrame(encodeFrameHeader(parts.header), parts.ciphertext, parts.signature);
}

/** Values a length or counter field likes to be attacked with. */
function interestingU32(length: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, GCM_TAG_BYTES - 1, GCM_TAG_BYTES, 0x7f, 0x80, 0xff, 0xffff, 0x7fff_ffff, MAX_U32),
    fc.constantFrom(length - 1, length, length + 1).filter((n) => n >= 0),
    u32,
  );
}

/** One hostile change to valid bytes: bit flips, truncation, extension, overwrites, splices, length fields. */
function mutationOf(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    ...byteMutationsOf(bytes),
    fc.tuple(fc.nat({ max: Math.max(0, bytes.byteLength - 4) }), interestingU32(bytes.byteLength)).map(([at, value]) => {
      const out = bytes.slice();
      new DataView(out.buffer).setUint32(at, value);
      return out;
    }),
  );
}

const mutatedFrame: fc.Arbitrary<Uint8Array> = validFrame.chain(mutationOf);

/** An accepted frame must be canonical: its parts re-encode to exactly the input. */
function expectCanonical(frame: DecodedFrame, bytes: Uint8Array): void {
  const again = encodeFrame(encodeFrameHeader(frame.header), frame.ciphertext, frame.signature);
  expect(bytesToHex(again)).toBe(bytesToHex(bytes));
}

/** Field-by-field `===` (so an encoded -0 that decodes as 0 counts as the same value). */
function expectSameHeader(actual: FrameHeader, expected: FrameHeader): void {
  const { prevHash, ...fields } = actual;
  for (const [key, value] of Object.entries(fields)) expect(value === expected[key as keyof typeof fields], key).toBe(true);
  expect(bytesToHex(prevHash)).toBe(bytesToHex(expected.prevHash));
}

function withU32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(offset, value);
  return out;
}

describe('frame codec properties', () => {
  it('round-trips every valid frame', () => {
    fc.assert(
      fc.property(validParts, (parts) => {
        const bytes = encodeParts(parts);
        expect(bytes.byteLength).toBe(FRAME_HEADER_BYTES + parts.ciphertext.byteLength + SIGNATURE_BYTES);
        const frame = decodeFrame(bytes);
        expect(frame.header).toEqual(parts.header);
        expect(bytesToHex(frame.ciphertext)).toBe(bytesToHex(parts.ciphertext));
        expect(bytesToHex(frame.signature)).toBe(bytesToHex(parts.signature));
        expect(decodeFrameHeader(frame.headerBytes)).toEqual(parts.header);
        expectCanonical(frame, bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random bytes with a canonical frame or a FrameError', () => {
    const magicPrefixed = fc.uint8Array({ maxLength: 300 }).map((rest) => joined(FRAME_MAGIC, Uint8Array.of(1), rest));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), magicPrefixed), (bytes) => {
        const outcome = outcomeOf(() => decodeFrame(bytes));
        if (!(outcome instanceof FrameError)) expectCanonical(outcome, bytes);
        const header = outcomeOf(() => decodeFrameHeader(bytes));
        if (!(header instanceof FrameError)) expect(bytesToHex(encodeFrameHeader(header))).toBe(bytesToHex(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers mutated frames with a canonical frame or a FrameError', () => {
    fc.assert(
      fc.property(mutatedFrame, (bytes) => {
        const outcome = outcomeOf(() => decodeFrame(bytes));
        if (!(outcome instanceof FrameError)) expectCanonical(outcome, bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('reports every proper prefix as TRUNCATED and every extension as TRAILING_BYTES', () => {
    expectCutsTruncatedAndExtensionsTrailing(validFrame, decodeFrame, refusals, RUNS);
  });

  it('refuses a ciphertext length that disagrees with the frame with the precise code', () => {
    fc.assert(
      fc.property(validFrame, u32, fc.integer({ min: 200, max: 4096 }), (bytes, declared, maxFrameBytes) => {
        const actual = bytes.byteLength - FRAME_HEADER_BYTES - SIGNATURE_BYTES;
        fc.pre(declared !== actual && bytes.byteLength <= maxFrameBytes);
        const outcome = outcomeOf(() => decodeFrame(withU32(bytes, OFFSET.ciphertextLength, declared), { maxFrameBytes }));
        if (declared < GCM_TAG_BYTES) expectCode(outcome, 'BAD_LENGTH');
        else if (FRAME_HEADER_BYTES + declared + SIGNATURE_BYTES > maxFrameBytes) expectCode(outcome, 'TOO_LARGE');
        else if (declared > actual) expectCode(outcome, 'TRUNCATED');
        else expectCode(outcome, 'TRAILING_BYTES');
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses bad magic, version, flags and out-of-range u64 fields with their codes', () => {
    const badField = fc.oneof(
      fc.record({ at: fc.nat({ max: 3 }), value: fc.integer({ min: 0, max: 0xff }), code: fc.constant<FrameErrorCode>('BAD_MAGIC') }),
      fc.record({
        at: fc.constant(OFFSET.version),
        value: fc.integer({ min: 0, max: 0xff }),
        code: fc.constant<FrameErrorCode>('BAD_VERSION'),
      }),
      fc.record({
        at: fc.constant(OFFSET.flags),
        value: fc.integer({ min: 0, max: 0xff }),
        code: fc.constant<FrameErrorCode>('BAD_FLAGS'),
      }),
    );
    fc.assert(
      fc.property(validFrame, badField, (bytes, { at, value, code }) => {
        const out = bytes.slice();
        out[at] = value;
        const outcome = outcomeOf(() => decodeFrame(out));
        const changed = code === 'BAD_FLAGS' ? (value & ~KNOWN_FLAGS_MASK) !== 0 : value !== bytes[at];
        if (changed) expectCode(outcome, code);
        else expect(outcome).not.toBeInstanceOf(FrameError);
      }),
      { numRuns: RUNS },
    );
    const unsafe = fc.bigInt({ min: BigInt(MAX_SAFE_U64) + 1n, max: 2n ** 64n - 1n });
    fc.assert(
      fc.property(validFrame, fc.constantFrom(OFFSET.seq, OFFSET.captureTs), unsafe, (bytes, at, value) => {
        const out = bytes.slice();
        new DataView(out.buffer).setBigUint64(at, value);
        expectCode(
          outcomeOf(() => decodeFrame(out)),
          'BAD_FIELD',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('applies maxFrameBytes to the input before anything else', () => {
    fc.assert(
      fc.property(fc.oneof(validFrame, mutatedFrame), fc.integer({ min: 1, max: 400 }), (bytes, maxFrameBytes) => {
        const outcome = outcomeOf(() => decodeFrame(bytes, { maxFrameBytes }));
        if (bytes.byteLength > maxFrameBytes) expectCode(outcome, 'TOO_LARGE');
      }),
      { numRuns: RUNS },
    );
  });

  it('encodes any header whose fields decode back, and refuses the rest with a FrameError', () => {
    const anyNumber = fc.oneof(
      safeU64,
      u32,
      fc.integer(),
      fc.double(),
      fc.constantFrom(-1, -0, 2 ** 32, 2 ** 53, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY),
    );
    const anyHeader = fc.record({
      flags: fc.oneof(fc.integer({ min: 0, max: 0x1ff }), anyNumber),
      streamId: fc.oneof(bytesOf(16).map(uuidFromBytes), fc.uuid(), fc.string()),
      epoch: anyNumber,
      seq: anyNumber,
      captureTs: anyNumber,
      prevHash: fc.uint8Array({ minLength: 30, maxLength: 34 }),
      ciphertextLength: fc.oneof(anyNumber, fc.integer({ min: 0, max: 64 })),
    });
    fc.assert(
      fc.property(anyHeader, (header) => {
        const outcome = outcomeOf(() => encodeFrameHeader(header));
        if (!(outcome instanceof FrameError)) expectSameHeader(decodeFrameHeader(outcome), header);
      }),
      { numRuns: RUNS },
    );
  });

  it('joins parts only when they form a frame that decodes back', () => {
    const anyParts = validParts.chain((parts) => {
      const headerBytes = encodeFrameHeader(parts.header);
      return fc.record({
        headerBytes: fc.oneof(fc.constant(headerBytes), mutationOf(headerBytes)),
        ciphertext: fc.oneof(fc.constant(parts.ciphertext), fc.uint8Array({ maxLength: 200 })),
        signature: fc.oneof(fc.constant(parts.signature), fc.uint8Array({ minLength: 60, maxLength: 68 })),
      });
    });
    fc.assert(
      fc.property(anyParts, ({ headerBytes, ciphertext, signature }) => {
        const outcome = outcomeOf(() => encodeFrame(headerBytes, ciphertext, signature));
        if (!(outcome instanceof FrameError)) expectCanonical(decodeFrame(outcome), outcome);
      }),
      { numRuns: RUNS },
    );
  });
});
