import { backoffDelay, backoffPolicy, type BackoffPolicy } from './backoff.ts';
import type { Timer } from './timers.ts';

/**
 * When to reconnect after a drop: backoff delays over consecutive failed attempts, reset when a
 * connection makes progress, with an optional cap on attempts. Shared by the ingest and watch
 * clients.
 */
export class ReconnectSchedule {
  readonly #policy: BackoffPolicy;
  #attempt = 0;
  #total = 0;
  #timer: Timer | undefined;

  constructor(
    policy: Partial<BackoffPolicy> = {},
    readonly maxAttempts = Number.POSITIVE_INFINITY,
    readonly random: () => number = Math.random,
  ) {
    this.#policy = backoffPolicy(policy);
  }

  /** Consecutive attempts since the last progress. */
  get attempt(): number {
    return this.#attempt;
  }

  /** Reconnects scheduled over the client's life. */
  get total(): number {
    return this.#total;
  }

  /** The connection made progress: the next drop starts from the shortest delay again. */
  reset(): void {
    this.#attempt = 0;
  }

  /** Runs `open` after the next delay and returns that delay, or null when attempts are exhausted. */
  schedule(open: () => void): number | null {
    if (this.#attempt >= this.maxAttempts) return null;
    const delayMs = backoffDelay(this.#policy, this.#attempt, this.random);
    this.#attempt += 1;
    this.#total += 1;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(open, delayMs);
    return delayMs;
  }

  cancel(): void {
    clearTimeout(this.#timer);
  }
}
