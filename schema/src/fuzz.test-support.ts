// Test support only (`@seccam/schema/testing`, imported by fuzz tests here and in pki): hostile changes
// to valid bytes, shared by the decoders' property tests so each file adds only the mutations its own format needs.
import fc from 'fast-check';

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
