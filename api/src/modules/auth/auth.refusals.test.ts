/**
 * Login refusals: each gets its typed error, and none opens a session or changes an account.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  createReadyAccount,
  driverAccount,
  GraphQLRequestError,
  type HttpsClient,
  login,
  LoginChallengeDocument,
  LoginDocument,
  type MemoryMailer,
  oathtoolCode,
  printDocument,
  type ReadyAccount,
  registerAccount,
  startTestApi,
  type TestApi,
} from '@seccam/testkit';
import { importBundleKeys, loginChallengeMessage, signLoginChallenge, type BundleContents } from '@seccam/pki';
import { accountTablesSnapshot } from '../../testing/db-snapshot.ts';
import { loginChallenges } from './auth.table.ts';

describe('login refusals', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  async function challenge(client: HttpsClient, username: string) {
    const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username });
    return loginChallenge;
  }

  async function signedAttempt(client: HttpsClient, contents: BundleContents, totp: string, username = contents.username) {
    const c = await challenge(client, username);
    const { sig } = await importBundleKeys(contents);
    const signature = await signLoginChallenge(sig.privateKey, loginChallengeMessage({ ...c, username }));
    return { username, challengeId: c.challengeId, signature, totp };
  }

  async function attempt(client: HttpsClient, input: Record<string, string>): Promise<GraphQLRequestError | null> {
    return client.graphql(printDocument(LoginDocument), { input: input as never }).then(
      () => null,
      (e: unknown) => (e instanceof GraphQLRequestError ? e : Promise.reject(e as Error)),
    );
  }

  async function expectRefusedWithoutChange(
    client: HttpsClient,
    input: Record<string, string>,
    code: string,
  ): Promise<GraphQLRequestError> {
    const before = await accountTablesSnapshot(api.db.database.db);
    const error = await attempt(client, input);
    expect(error?.code).toBe(code);
    expect(client.cookies.size).toBe(0);
    expect(await accountTablesSnapshot(api.db.database.db)).toBe(before);
    return error as GraphQLRequestError;
  }

  it('refuses a wrong TOTP code, then accepts the right one', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const wrong = account.nextCode === '000000' ? '111111' : '000000';
    await expectRefusedWithoutChange(client, await signedAttempt(client, account.contents, wrong), 'UNAUTHENTICATED');
    expect((await login(client, account.contents, account.nextCode)).username).toBe(account.contents.username);
  });

  it('refuses a replayed TOTP code', async () => {
    const account = await createReadyAccount(api, driverAccount());
    await login(clientFor(api), account.contents, account.nextCode);
    const client = clientFor(api);
    await expectRefusedWithoutChange(client, await signedAttempt(client, account.contents, account.nextCode), 'UNAUTHENTICATED');
  });

  it('lets exactly one of two concurrent logins with the same code through', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const a = clientFor(api);
    const b = clientFor(api);
    const [inputA, inputB] = await Promise.all([
      signedAttempt(a, account.contents, account.nextCode),
      signedAttempt(b, account.contents, account.nextCode),
    ]);
    const results = await Promise.all([attempt(a, inputA), attempt(b, inputB)]);
    expect(results.filter((r) => r === null)).toHaveLength(1);
    expect(results.find((r) => r !== null)?.code).toBe('UNAUTHENTICATED');
    expect(a.cookies.size + b.cookies.size).toBe(1);
  });

  it('refuses an expired challenge', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const input = await signedAttempt(client, account.contents, account.nextCode);
    await api.db.database.db
      .update(loginChallenges)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(loginChallenges.id, input.challengeId));
    const error = await expectRefusedWithoutChange(client, input, 'UNAUTHENTICATED');
    expect(error.message).toMatch(/challenge/);
  });

  it('refuses a signature over another challenge, and a used challenge', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const first = await signedAttempt(client, account.contents, account.nextCode);
    const second = await challenge(client, account.contents.username);
    await expectRefusedWithoutChange(client, { ...first, challengeId: second.challengeId }, 'UNAUTHENTICATED');
    // The challenge that was presented is now spent, even though the login failed.
    await expectRefusedWithoutChange(client, { ...first, challengeId: second.challengeId }, 'UNAUTHENTICATED');
  });

  it('refuses a signature by another user\u2019s key', async () => {
    const alice = await createReadyAccount(api, driverAccount());
    const mallory = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const forged = await signedAttempt(client, mallory.contents, alice.nextCode, alice.contents.username);
    await expectRefusedWithoutChange(client, forged, 'UNAUTHENTICATED');
  });

  it('refuses an account whose e-mail is not verified, after the right key and code', async () => {
    const client = clientFor(api);
    const account = driverAccount();
    const registered = await registerAccount(client, account);
    const now = Date.now();
    await client.graphql<{ confirmTotp: boolean }>('mutation($i: ConfirmTotpInput!) { confirmTotp(input: $i) }', {
      i: { username: account.username, code: oathtoolCode(registered.totpSecret, now) },
    });
    const error = await expectRefusedWithoutChange(
      client,
      await signedAttempt(client, registered.contents, oathtoolCode(registered.totpSecret, now + 30_000)),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/e-mail/);
  });

  it('refuses an account whose authenticator was never confirmed, though its e-mail is verified', async () => {
    const client = clientFor(api);
    const account = driverAccount();
    const registered = await registerAccount(client, account);
    await client.graphql<{ verifyEmail: string }>('mutation($t: String!) { verifyEmail(token: $t) }', {
      t: (api.mailer as MemoryMailer).tokenFor(account.email),
    });
    const error = await expectRefusedWithoutChange(
      client,
      await signedAttempt(client, registered.contents, oathtoolCode(registered.totpSecret)),
      'FORBIDDEN',
    );
    expect(error.message).toMatch(/authenticator/);
  });

  it('answers unknown users exactly like known ones', async () => {
    const client = clientFor(api);
    const ghost = await challenge(client, 'nosuchuser');
    expect(ghost.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const account = await createReadyAccount(api, driverAccount());
    const input = await signedAttempt(client, account.contents, '123456', 'nosuchuser');
    const unknown = await attempt(client, input);
    const known = await attempt(client, await signedAttempt(client, account.contents, account.nextCode === '123456' ? '654321' : '123456'));
    expect(unknown?.code).toBe('UNAUTHENTICATED');
    expect(unknown?.message).toBe(known?.message);
  });

  it('locks an account after repeated failures, even for the right code, and says when to retry', async () => {
    const account: ReadyAccount = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const wrong = account.nextCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await attempt(client, await signedAttempt(client, account.contents, wrong)))?.code).toBe('UNAUTHENTICATED');
    }
    const locked = await expectRefusedWithoutChange(
      client,
      await signedAttempt(client, account.contents, account.nextCode),
      'RATE_LIMITED',
    );
    expect(locked.errors[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('refuses malformed login input with BAD_USER_INPUT', async () => {
    const client = clientFor(api);
    const error = await attempt(client, { username: 'Bad User', challengeId: 'x', signature: 'x', totp: '12' });
    expect(error?.code).toBe('BAD_USER_INPUT');
  });
});

describe('lockout that strangers cannot trigger', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      throttlePolicies: {
        account: { freeAttempts: 5, baseSeconds: 30, maxSeconds: 3600, decaySeconds: 900 },
        ip: { freeAttempts: 3, baseSeconds: 30, maxSeconds: 3600, decaySeconds: 300 },
      },
    });
  });
  afterAll(() => api.stop());

  /** A login for `username` signed by a key that is not theirs (a stranger's best effort). */
  async function strangerAttempt(client: HttpsClient, strangerKey: CryptoKey, username: string): Promise<GraphQLRequestError | null> {
    const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username });
    const signature = await signLoginChallenge(strangerKey, loginChallengeMessage({ ...loginChallenge, username }));
    return client
      .graphql(printDocument(LoginDocument), { input: { username, challengeId: loginChallenge.challengeId, signature, totp: '123456' } })
      .then(
        () => null,
        (e: unknown) => e as GraphQLRequestError,
      );
  }

  it("does not lock the owner out when a stranger floods failed logins for the owner's name", async () => {
    const owner = await createReadyAccount(api, driverAccount());
    const stranger = await createReadyAccount(api, driverAccount());
    const { sig: strangerSig } = await importBundleKeys(stranger.contents);
    const client = clientFor(api);
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 12; i++) codes.push((await strangerAttempt(client, strangerSig.privateKey, owner.contents.username))?.code);
    // The first three count against the address, then the address is refused for bad signatures.
    expect(codes.slice(0, 3)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(new Set(codes.slice(3))).toEqual(new Set(['RATE_LIMITED']));
    // The owner, from the very same address, with key and code: in.
    const session = await login(clientFor(api), owner.contents, owner.nextCode);
    expect(session.username).toBe(owner.contents.username);
  });

  it('clears the address counter on a success', async () => {
    const owner = await createReadyAccount(api, driverAccount());
    const stranger = await createReadyAccount(api, driverAccount());
    const { sig: strangerSig } = await importBundleKeys(stranger.contents);
    const client = clientFor(api);
    await login(client, owner.contents, owner.nextCode); // clears what the previous test left
    for (let i = 0; i < 2; i++) expect((await strangerAttempt(client, strangerSig.privateKey, 'nosuchuser'))?.code).toBe('UNAUTHENTICATED');
    await login(clientFor(api), stranger.contents, stranger.nextCode);
    // Two more failures: without the reset the address would now be at 4 ≥ 3 and locked.
    for (let i = 0; i < 2; i++) expect((await strangerAttempt(client, strangerSig.privateKey, 'nosuchuser'))?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed signature as malformed, without counting it', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    for (const signature of ['', 'not base64!', 'AAAA', `${'A'.repeat(84)}==`, `${'A'.repeat(80)}+-`]) {
      const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username: account.contents.username });
      const error = await client
        .graphql(printDocument(LoginDocument), {
          input: { username: account.contents.username, challengeId: loginChallenge.challengeId, signature, totp: '123456' },
        })
        .then(
          () => null,
          (e: unknown) => e as GraphQLRequestError,
        );
      expect(error?.code).toBe('BAD_USER_INPUT');
    }
    // Five malformed requests moved no counter: the key holder's own failures are still free.
    const wrong = account.nextCode === '000000' ? '111111' : '000000';
    const { sig } = await importBundleKeys(account.contents);
    const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username: account.contents.username });
    const signature = await signLoginChallenge(
      sig.privateKey,
      loginChallengeMessage({ ...loginChallenge, username: account.contents.username }),
    );
    const error = await client
      .graphql(printDocument(LoginDocument), {
        input: { username: account.contents.username, challengeId: loginChallenge.challengeId, signature, totp: wrong },
      })
      .then(
        () => null,
        (e: unknown) => e as GraphQLRequestError,
      );
    expect(error?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts the signature as unpadded base64url too', async () => {
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    const { sig } = await importBundleKeys(account.contents);
    const { loginChallenge } = await client.graphql(printDocument(LoginChallengeDocument), { username: account.contents.username });
    const standard = await signLoginChallenge(
      sig.privateKey,
      loginChallengeMessage({ ...loginChallenge, username: account.contents.username }),
    );
    const signature = standard.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_');
    const { login: session } = await client.graphql(printDocument(LoginDocument), {
      input: { username: account.contents.username, challengeId: loginChallenge.challengeId, signature, totp: account.nextCode },
    });
    expect(session.username).toBe(account.contents.username);
  });
});

describe('per-IP limits on unauthenticated work', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ rateLimits: { loginChallenge: { max: 3, windowMs: 60_000 }, register: { max: 1, windowMs: 60_000 } } });
  });
  afterAll(() => api.stop());

  it('limits login challenges and registrations per client address', async () => {
    const client = clientFor(api);
    for (let i = 0; i < 3; i++) await client.graphql(printDocument(LoginChallengeDocument), { username: `someone${i}` });
    const challenge = await client.graphql(printDocument(LoginChallengeDocument), { username: 'someone' }).then(
      () => null,
      (e: unknown) => e as GraphQLRequestError,
    );
    expect(challenge?.code).toBe('RATE_LIMITED');
    expect(challenge?.errors[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);

    await registerAccount(client, driverAccount());
    const second = await registerAccount(client, driverAccount()).then(
      () => null,
      (e: unknown) => e as GraphQLRequestError,
    );
    expect(second?.code).toBe('RATE_LIMITED');
  });
});
