/**
 * A time limit on waiting for a GraphQL answer (`graphql.requestTimeoutMs`).
 *
 * [Note: GraphQL answer deadline]
 * Whatever a request waits on — the session lookup, a resolver, a database that does not answer —
 * the client gets an answer in bounded time: TIMEOUT, `retryable: true` (HTTP 503 with
 * Retry-After over HTTP). The work itself cannot be cancelled and keeps running; its late result
 * is dropped, so a mutation that timed out may still have taken effect.
 */

export const TIMED_OUT: unique symbol = Symbol('timed out');

/** `work`'s outcome, or {@link TIMED_OUT} once `ms` have passed first. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      resolve(TIMED_OUT);
    }, ms);
  });
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer);
  });
}
