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
