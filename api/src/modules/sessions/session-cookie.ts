/**
 * The session cookie: a jose encrypted JWT (`dir` + A256GCM) holding only the session row id.
 *
 * [Note: session cookie]
 * The cookie is `__Host-` prefixed, `HttpOnly; Secure; SameSite=Strict; Path=/`, so scripts
 * cannot read it, other sites cannot send it, and no subdomain can set it. Decryption accepts
 * only `dir`/`A256GCM` (no `alg: none`, no PBES2 or key-wrapping tricks, no compression), and
 * the token lives 15 minutes; it is re-issued while the user is active (sliding window). The
 * server-side row decides whether the session is still valid, so logout is immediate.
 */
import { EncryptJWT, jwtDecrypt } from 'jose';

export const SESSION_COOKIE = '__Host-seccam-session';
export const SESSION_TTL_SECONDS = 15 * 60;
const ISSUER = 'seccam';
const AUDIENCE = 'seccam-session';

export interface SessionClaims {
  /** Session row id. */
  readonly sid: string;
  /** User id. */
  readonly sub: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
}

export async function sealSessionToken(key: Uint8Array, claims: { sid: string; sub: string }, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new EncryptJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_TTL_SECONDS)
    .encrypt(key);
}

/** Returns the claims, or null for anything forged, tampered, expired or of another algorithm. */
export async function openSessionToken(key: Uint8Array, token: string, now = Date.now()): Promise<SessionClaims | null> {
  if (token.length > 2048) return null;
  try {
    const { payload } = await jwtDecrypt(token, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: new Date(now),
      requiredClaims: ['exp', 'sub', 'iat'],
    });
    const { sid, sub, exp } = payload;
    if (typeof sid !== 'string' || typeof sub !== 'string' || typeof exp !== 'number') return null;
    return { sid, sub, exp };
  } catch {
    return null;
  }
}

export function sessionCookieHeader(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_SECONDS}`;
}

export function clearSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
