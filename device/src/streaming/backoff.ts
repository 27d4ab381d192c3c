/**
 * Reconnect delays: exponential growth with a cap and random jitter, so a fleet of dashcams
 * that lost the same cell tower does not reconnect in lock-step.
 */

export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Upper bound on any delay. */
  readonly maxMs: number;
  /** Growth per attempt (≥ 1). */
  readonly factor: number;
  /** Fraction of the delay that is randomised, 0 (none) to 1 (full jitter). */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 });

/** Merges `overrides` over the defaults and rejects impossible combinations at once. */
export function backoffPolicy(overrides: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...overrides };
  if (!(policy.initialMs >= 0) || !(policy.maxMs >= policy.initialMs)) throw new RangeError('backoff needs 0 ≤ initialMs ≤ maxMs');
  if (!(policy.factor >= 1)) throw new RangeError('backoff factor must be ≥ 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new RangeError('backoff jitter must be within [0, 1]');
  return Object.freeze(policy);
}

/**
 * The delay before retry number `attempt` (0-based): `min(maxMs, initialMs · factor^attempt)`,
 * of which the `jitter` fraction is scaled by `random()` ∈ [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.round(ceiling * (1 - policy.jitter + policy.jitter * random()));
}
