// Test support only (`@seccam/schema/testing`, imported by fuzz tests here and in pki): hostile changes
// to valid bytes, shared by the decoders' property tests so each file adds only the mutations its own format needs.
import fc from 'fast-check';
import { expect } from 'vitest';

/** The parts one after another, in a fresh buffer. */
export function joined(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Mutations of any byte format: bit flips, truncation, extension, overwrites, splices. */
export function byteMutationsOf(bytes: Uint8Array): fc.Arbitrary<Uint8Array>[] {
  const index = fc.nat({ max: bytes.byteLength - 1 });
  return [
    fc.array(fc.tuple(index, fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const out = bytes.slice();
      for (const [at, bit] of flips) out[at] = (out[at] ?? 0) ^ (1 << bit);
      return out;
    }),
    fc.nat({ max: bytes.byteLength - 1 }).map((length) => bytes.slice(0, length)),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => joined(bytes, tail)),
    fc.tuple(index, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, patch]) => {
      const out = bytes.slice();
      out.set(patch.subarray(0, out.byteLength - at), at);
      return out;
    }),
    fc
      .tuple(index, fc.nat({ max: 16 }), fc.uint8Array({ maxLength: 16 }))
      .map(([at, removed, inserted]) => joined(bytes.subarray(0, at), inserted, bytes.subarray(at + removed))),
  ];
}

/** A codec's typed refusals as values, for its property tests. */
export interface Refusals<E extends Error & { readonly code: string }> {
  /** What `action` returned, or the codec's error it threw (any other exception escapes). */
  readonly outcomeOf: <T>(action: () => T) => T | E;
  /** Asserts `outcome` is the codec's error with `code`. */
  readonly expectCode: (outcome: unknown, code: E['code']) => void;
}

export function refusalsOf<E extends Error & { readonly code: string }>(errorClass: new (...args: never[]) => E): Refusals<E> {
  return {
    outcomeOf: <T>(action: () => T): T | E => {
      try {
        return action();
      } catch (error) {
        if (error instanceof errorClass) return error;
        throw error;
      }
    },
    expectCode: (outcome, code) => {
      expect(outcome).toBeInstanceOf(errorClass);
      expect((outcome as E).code).toBe(code);
    },
  };
}

/** Every proper prefix of a valid encoding is refused as TRUNCATED, and every extension of one as TRAILING_BYTES. */
export function expectCutsTruncatedAndExtensionsTrailing(
  valid: fc.Arbitrary<Uint8Array>,
  decode: (bytes: Uint8Array) => unknown,
  refusals: {
    readonly outcomeOf: (action: () => unknown) => unknown;
    readonly expectCode: (outcome: unknown, code: 'TRUNCATED' | 'TRAILING_BYTES') => void;
  },
  numRuns: number,
): void {
  const cut = valid.chain((bytes) => fc.tuple(fc.constant(bytes), fc.nat({ max: bytes.byteLength - 1 })));
  fc.assert(
    fc.property(cut, ([bytes, length]) => {
      refusals.expectCode(
        refusals.outcomeOf(() => decode(bytes.subarray(0, length))),
        'TRUNCATED',
      );
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(valid, fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes, tail) => {
      refusals.expectCode(
        refusals.outcomeOf(() => decode(joined(bytes, tail))),
        'TRAILING_BYTES',
      );
    }),
    { numRuns },
  );
}
