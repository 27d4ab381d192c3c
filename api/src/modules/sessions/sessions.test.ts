/**
 * Sessions: the cookie is refused when forged, tampered, of another algorithm, expired, idle,
 * logged out, or ended by "log out everywhere".
 */
import { eq } from 'drizzle-orm';
import { CompactEncrypt, EncryptJWT, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { clientFor, GraphQLRequestError, HttpsClient, MeDocument, printDocument, TEST_ORIGIN, useSignedInWorld } from '@seccam/testkit';
import { openSessionToken, sealSessionToken, SESSION_COOKIE } from './session-cookie.ts';
import { sessions } from './sessions.table.ts';

describe('session cookie (jose, dir + A256GCM only)', () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const claims = { sid: '3f0c1d8e-1111-4222-8333-944455556666', sub: 'b1a7f6a2-0000-4000-8000-000000000001' };

  it('round-trips and refuses every forgery', async () => {
    const token = await sealSessionToken(key, claims);
    expect(await openSessionToken(key, token)).toMatchObject(claims);

    const otherKey = await sealSessionToken(crypto.getRandomValues(new Uint8Array(32)), claims);
    expect(await openSessionToken(key, otherKey)).toBeNull();

    const parts = token.split('.');
    const ct = parts[3] ?? '';
    const flipped = `${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`;
    expect(await openSessionToken(key, [...parts.slice(0, 3), flipped, parts[4]].join('.'))).toBeNull();

    const signed = await new SignJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.sub)
      .setExpirationTime('15m')
      .sign(key);
    expect(await openSessionToken(key, signed)).toBeNull();
    const unsecured = new UnsecuredJWT({ sid: claims.sid }).setSubject(claims.sub).setExpirationTime('15m').encode();
    expect(await openSessionToken(key, unsecured)).toBeNull();
    const keyWrapped = await new EncryptJWT({ sid: claims.sid })
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM' })
      .setSubject(claims.sub)
      .setIssuer('seccam')
      .setAudience('seccam-session')
      .setIssuedAt()
      .setExpirationTime('15m')
      .encrypt(key);
    expect(await openSessionToken(key, keyWrapped)).toBeNull();
    const otherEnc = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sid: claims.sid, sub: claims.sub })))
      .setProtectedHeader({ alg: 'dir', enc: 'A256CBC-HS512' })
      .encrypt(crypto.getRandomValues(new Uint8Array(64)));
    expect(await openSessionToken(key, otherEnc)).toBeNull();
  });

  it('expires after 15 minutes', async () => {
    const issued = Date.now() - 16 * 60 * 1000;
    const token = await sealSessionToken(key, claims, issued);
    expect(await openSessionToken(key, token, issued + 60_000)).not.toBeNull();
    expect(await openSessionToken(key, token)).toBeNull();
  });
});

describe('sessions over HTTPS', () => {
  const world = useSignedInWorld();

  const withCookie = (token: string): HttpsClient => {
    const c = new HttpsClient({ baseUrl: world.api.baseUrl, ca: world.api.pki.rootPem, origin: TEST_ORIGIN });
    c.cookies.set(SESSION_COOKIE, token);
    return c;
  };
  /** Another session of the driver: its cookie value. */
  const newSession = (): Promise<string> =>
    world.api.app.services.sessions.create(world.driver.account.registration.userId, { ip: '127.0.0.1', userAgent: 'test' });
  /** Changes the stored row of the session behind `token` (to age it). */
  const changeSession = async (token: string, change: { expiresAt?: Date; lastSeenAt?: Date }): Promise<void> => {
    const id = (await openSessionToken(world.api.secrets.sessionKey, token))?.sid ?? '';
    await world.api.db.database.db.update(sessions).set(change).where(eq(sessions.id, id));
  };
  const meCode = (c: HttpsClient): Promise<string | undefined> =>
    c.graphql(printDocument(MeDocument)).then(
      () => undefined,
      (e: unknown) => (e instanceof GraphQLRequestError ? e.code : 'not-a-graphql-error'),
    );

  it('accepts the real cookie and refuses anonymous, tampered and forged ones', async () => {
    expect(await meCode(world.driver.client)).toBeUndefined();
    expect(await meCode(clientFor(world.api))).toBe('UNAUTHENTICATED');
    const token = world.driver.client.cookies.get(SESSION_COOKIE) ?? '';
    const parts = token.split('.');
    const tag = parts[4] ?? '';
    expect(await meCode(withCookie([...parts.slice(0, 4), `${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`].join('.')))).toBe(
      'UNAUTHENTICATED',
    );
    const forged = await sealSessionToken(crypto.getRandomValues(new Uint8Array(32)), {
      sid: 'x',
      sub: world.driver.account.registration.userId,
    });
    expect(await meCode(withCookie(forged))).toBe('UNAUTHENTICATED');
    const algNone = new UnsecuredJWT({ sid: 'x' }).setSubject(world.driver.account.registration.userId).encode();
    expect(await meCode(withCookie(algNone))).toBe('UNAUTHENTICATED');
  });

  it('refuses a session past its absolute limit or idle too long, though the cookie is fresh', async () => {
    const extra = await newSession();
    const c = withCookie(extra);
    expect(await meCode(c)).toBeUndefined();
    await changeSession(extra, { expiresAt: new Date(Date.now() - 1000) });
    expect(await meCode(c)).toBe('UNAUTHENTICATED');

    const idle = await newSession();
    await changeSession(idle, { lastSeenAt: new Date(Date.now() - 16 * 60 * 1000) });
    expect(await meCode(withCookie(idle))).toBe('UNAUTHENTICATED');
  });

  it('ends the session at logout: the old cookie is refused even if replayed', async () => {
    const other = await newSession();
    const c = withCookie(other);
    expect(await meCode(c)).toBeUndefined();
    await c.graphql<{ logout: boolean }>('mutation { logout }');
    expect(c.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await meCode(withCookie(other))).toBe('UNAUTHENTICATED');
    expect(await meCode(world.driver.client)).toBeUndefined();
  });

  it('logs out everywhere', async () => {
    const tokens = await Promise.all([1, 2].map(() => newSession()));
    const result = await world.driver.client.graphql<{ logoutEverywhere: number }>('mutation { logoutEverywhere }');
    expect(result.logoutEverywhere).toBeGreaterThanOrEqual(3);
    for (const t of tokens) expect(await meCode(withCookie(t))).toBe('UNAUTHENTICATED');
    expect(await meCode(world.driver.client)).toBe('UNAUTHENTICATED');
  });
});
