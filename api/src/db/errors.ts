/** Recognises PostgreSQL errors by SQLSTATE through drizzle's wrapping (both drivers). */
export function pgErrorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (typeof cur === 'object' && 'code' in cur && typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) {
      return cur.code;
    }
    cur = typeof cur === 'object' && 'cause' in cur ? cur.cause : undefined;
  }
  return undefined;
}

/** `unique_violation` (23505). */
export const isUniqueViolation = (e: unknown): boolean => pgErrorCode(e) === '23505';

// [Note: an unreachable database]
// node-postgres reports a lost or unreachable server in three ways: a socket error with an errno
// code (ECONNREFUSED, ECONNRESET, …), a SQLSTATE the server sends while going away (class 08,
// 57P01–57P03, 53300), or a plain Error from the driver or the pool with a fixed message
// (a timed-out connect or query, a connection that ended under a query). All of them mean "try
// again later", never "your request was wrong", so the API answers them as retryable: HTTP 503,
// GraphQL SERVICE_UNAVAILABLE, WebSocket close 1013. drizzle wraps the driver's error as `cause`.

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const UNREACHABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const UNREACHABLE_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Query read timeout|timeout expired|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)$/;

/** True when `e` (or an error it wraps) says the database could not be reached ([Note: an unreachable database]). */
export function isDatabaseUnreachable(e: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [e];
  while (pending.length > 0 && seen.size < 16) {
    const cur = pending.shift();
    if (typeof cur !== 'object' || cur === null || seen.has(cur)) continue;
    seen.add(cur);
    const code = 'code' in cur && typeof cur.code === 'string' ? cur.code : undefined;
    if (code !== undefined && (UNREACHABLE_ERRNO.has(code) || UNREACHABLE_SQLSTATE.test(code))) return true;
    if (cur instanceof Error && UNREACHABLE_MESSAGE.test(cur.message)) return true;
    if ('cause' in cur) pending.push(cur.cause);
    // GraphQLError keeps the resolver's error as originalError; a dual-stack connect fails as an AggregateError.
    if ('originalError' in cur) pending.push(cur.originalError);
    if (cur instanceof AggregateError) pending.push(...(cur.errors as unknown[]));
  }
  return false;
}
