import { PkiError } from '../pki-error.ts';
import { MERKLE_HASH_BYTES } from './merkle-hash.ts';

// [Note: proof verification answers]
// A proof and the tree heads it links come from the log server, so the verifiers answer as data:
// `{ ok: true }`, or `{ ok: false, reason, message }` with one reason per way a proof can fail
// (the first one met, in the order each verifier documents). Only a value that is not of the
// declared type at all throws (PkiError `INVALID_ARGUMENT`): a size or index that is not an
// integer in 0 … 2^53 - 1 ([Note: tree sizes as numbers]), a proof that is not an array of byte
// arrays. A wire schema refuses such values before they get here.

/** The outcome of a proof check ([Note: proof verification answers]). */
export type ProofCheck<Reason extends string> =
  { readonly ok: true } | { readonly ok: false; readonly reason: Reason; readonly message: string };

export function refuse<Reason extends string>(reason: Reason, message: string): ProofCheck<Reason> {
  return { ok: false, reason, message };
}

export const PASS = { ok: true } as const;

/**
 * Throws unless `proof` is an array of byte arrays.
 * @throws PkiError `INVALID_ARGUMENT`
 */
export function assertProofShape(proof: unknown): asserts proof is readonly Uint8Array[] {
  if (!Array.isArray(proof) || !proof.every((hash) => hash instanceof Uint8Array)) {
    throw new PkiError('INVALID_ARGUMENT', 'a proof is an array of Uint8Array hashes');
  }
}

/**
 * Throws unless each named value is a byte array.
 * @throws PkiError `INVALID_ARGUMENT`
 */
export function assertBytes(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(value instanceof Uint8Array)) throw new PkiError('INVALID_ARGUMENT', `${name} must be a Uint8Array`);
  }
}

/** A message naming the first hash that is not 32 bytes, or null when all are. */
export function malformedHashProblem(named: Record<string, Uint8Array>, proof: readonly Uint8Array[]): string | null {
  for (const [name, hash] of Object.entries(named)) {
    if (hash.byteLength !== MERKLE_HASH_BYTES) return `${name} is ${hash.byteLength} bytes, not ${MERKLE_HASH_BYTES}`;
  }
  const index = proof.findIndex((hash) => hash.byteLength !== MERKLE_HASH_BYTES);
  if (index === -1) return null;
  return `proof[${index}] is ${proof[index]?.byteLength ?? 0} bytes, not ${MERKLE_HASH_BYTES}`;
}
