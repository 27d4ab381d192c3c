import { PkiError } from '../pki-error.ts';

// [Note: tree sizes as numbers]
// Tree sizes and leaf indices are JavaScript numbers, so they are exact only up to 2^53 - 1
// (Number.MAX_SAFE_INTEGER). That is far beyond any SecCam log; a value outside the range is a
// caller's mistake (a wire schema lets no such value through) and throws. JavaScript's bitwise
// operators work on 32 bits, so the RFC 9162 algorithms' "LSB" and "right-shift" are written
// with `%` and division here, which stay exact over the whole range.

/**
 * Checks that `value` is a tree size or leaf index: an integer in 0 … 2^53 - 1.
 * @throws PkiError `INVALID_ARGUMENT` otherwise
 */
export function assertTreeIndex(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PkiError('INVALID_ARGUMENT', `${name} must be an integer from 0 to 2^53 - 1`);
  }
}

/** LSB(n) of RFC 9162 §2.1.3.2: true when the lowest bit of `n` is set. */
export function isLowestBitSet(n: number): boolean {
  return n % 2 === 1;
}

/** `n` right-shifted by one bit. */
export function shiftRight(n: number): number {
  return Math.floor(n / 2);
}

/** True when `n` (≥ 1) is an exact power of two. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let rest = n;
  while (rest % 2 === 0) rest /= 2;
  return rest === 1;
}

/** The exponent `e` of a power of two `n` = 2^e. */
export function exponentOf(powerOfTwo: number): number {
  let exponent = 0;
  for (let rest = powerOfTwo; rest > 1; rest /= 2) exponent++;
  return exponent;
}

/** The largest power of two smaller than `n` (n ≥ 2): the `k` that splits D[n] in RFC 9162 §2.1.1. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
