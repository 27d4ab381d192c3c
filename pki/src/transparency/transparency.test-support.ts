/**
 * Test support for the transparency tests: a synchronous node:crypto hasher, a hash counter,
 * a deterministic random source, and a naive model of RFC 9162 §2.1 written straight from the
 * recursive definitions (array slices, no cache), which the cached tree must agree with.
 */
import { createHash } from 'node:crypto';
import type { Sha256 } from './merkle-hash.ts';

/** Synchronous SHA-256 through node:crypto ([Note: hash provider]). */
export const nodeSha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** Wraps a hasher and counts its calls. */
export function countingSha256(inner: Sha256 = nodeSha256): { sha256: Sha256; calls: () => number } {
  let calls = 0;
  return {
    sha256: (data) => {
      calls++;
      return inner(data);
    },
    calls: () => calls,
  };
}

/** A deterministic pseudo-random integer source (mulberry32). */
export function randomSource(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** `count` distinct entries of varying length. */
export function testEntries(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new TextEncoder().encode(`entry ${i}${'.'.repeat(i % 7)}`));
}

/** A copy of `bytes` with byte `index` XOR-ed with `mask` (default 0x01). */
export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ mask;
  return copy;
}

const sha = (...parts: number[][]): number[] => Array.from(nodeSha256(Uint8Array.from(parts.flat())));

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The naive model: MTH, PATH and PROOF of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 over entries. */
export class ReferenceTree {
  readonly #leaves: number[][];

  constructor(entries: readonly Uint8Array[]) {
    this.#leaves = entries.map((entry) => sha([0x00], Array.from(entry)));
  }

  leafHash(m: number): Uint8Array {
    return Uint8Array.from(this.#leaves[m] ?? []);
  }

  root(n: number): Uint8Array {
    return Uint8Array.from(this.#mth(this.#leaves.slice(0, n)));
  }

  path(m: number, n: number): Uint8Array[] {
    return this.#path(m, this.#leaves.slice(0, n)).map((hash) => Uint8Array.from(hash));
  }

  proof(m: number, n: number): Uint8Array[] {
    return this.#subproof(m, this.#leaves.slice(0, n), true).map((hash) => Uint8Array.from(hash));
  }

  #mth(d: number[][]): number[] {
    if (d.length === 0) return sha([]);
    if (d.length === 1) return d[0] ?? [];
    const k = split(d.length);
    return sha([0x01], this.#mth(d.slice(0, k)), this.#mth(d.slice(k)));
  }

  #path(m: number, d: number[][]): number[][] {
    if (d.length <= 1) return [];
    const k = split(d.length);
    if (m < k) return [...this.#path(m, d.slice(0, k)), this.#mth(d.slice(k))];
    return [...this.#path(m - k, d.slice(k)), this.#mth(d.slice(0, k))];
  }

  #subproof(m: number, d: number[][], b: boolean): number[][] {
    if (m === d.length) return b ? [] : [this.#mth(d)];
    const k = split(d.length);
    if (m <= k) return [...this.#subproof(m, d.slice(0, k), b), this.#mth(d.slice(k))];
    return [...this.#subproof(m - k, d.slice(k), false), this.#mth(d.slice(0, k))];
  }
}
