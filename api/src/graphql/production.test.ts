/**
 * The API as it runs in production (NODE_ENV=production), over HTTP and graphql-ws: only the
 * documents codegen generated run (trusted documents, by their canonical sha256 id), with no
 * introspection and no "Did you mean …?" suggestions. The account is made through the SDK's own
 * flows, which therefore pass too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clientFor,
  confirmTotp,
  driverAccount,
  graphqlWsClient,
  type HttpsClient,
  login,
  LoginChallengeDocument,
  MeDocument,
  type MemoryMailer,
  printDocument,
  RegisterDocument,
  registerAccount,
  startTestApi,
  type TestApi,
  twoCodes,
  overHttp,
  overWs,
} from '@seccam/testkit';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('GraphQL in production', () => {
  let api: TestApi;
  let client: HttpsClient;
  let username: string;

  beforeAll(async () => {
    api = await startTestApi({ env: { NODE_ENV: 'production' } });
    // Register, verify the e-mail through the mailed link's page, confirm TOTP, log in: SDK documents only.
    const account = driverAccount();
    username = account.username;
    client = clientFor(api);
    const registered = await registerAccount(client, account);
    const token = (api.mailer as MemoryMailer).tokenFor(account.email);
    const verified = await client.fetch('POST', '/verify-email', `token=${token}`, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(verified.status).toBe(200);
    const [now, next] = twoCodes(registered.totpSecret);
    await confirmTotp(client, account.username, now);
    await login(client, registered.contents, next);
  });
  afterAll(() => api.stop());

  it('runs a codegen document, however it is laid out, and refuses any other with UNTRUSTED_DOCUMENT', async () => {
    const challenge = await overHttp(client, printDocument(LoginChallengeDocument), { username });
    expect(challenge.errors).toBeUndefined();
    const relaidOut =
      'mutation LoginChallenge($username: String!) {\n  loginChallenge(username: $username) {\n    origin nonce expiresAt challengeId\n  }\n}';
    expect((await overHttp(client, relaidOut, { username })).errors).toBeUndefined();

    for (const unknown of [
      '{ me { username } }',
      'mutation LoginChallenge($username: String!) { loginChallenge(username: $username) { nonce } }',
    ]) {
      const refused = await overHttp(client, unknown, { username });
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors).toEqual([
        {
          message: 'This server runs only the operations its own clients were built with, and this document is not one of them.',
          extensions: { code: 'UNTRUSTED_DOCUMENT' },
        },
      ]);
    }
  });

  it('refuses introspection', async () => {
    const answer = await overHttp(client, INTROSPECTION);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.message).toMatch(/introspection has been disabled/);
    expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no "Did you mean" suggestions, in validation or in variable coercion', async () => {
    const misspelt = await overHttp(client, '{ me { usernam } }');
    expect(misspelt.errors?.[0]?.message).toBe('Cannot query field "usernam" on type "Me".');
    // A trusted document with a bad enum value in its variables: refused while coercing them.
    const input = { username: 'nobody', email: 'n@example.test', role: 'drivr', sigCsrPem: 'x', encCsrPem: 'x' };
    const coerced = await overHttp(client, printDocument(RegisterDocument), { input });
    expect(coerced.errors?.[0]?.message).toMatch(/Value "drivr" does not exist in "Role" enum\.$/);
    for (const e of [...(misspelt.errors ?? []), ...(coerced.errors ?? [])]) expect(e.message).not.toMatch(/Did you mean/);
  });

  it('applies the same over graphql-ws', async () => {
    const ws = graphqlWsClient(api, client);
    try {
      expect((await overWs(ws, printDocument(MeDocument))).data).toMatchObject({ me: { username } });
      expect((await overWs(ws, '{ me { username } }')).errors?.[0]?.extensions?.code).toBe('UNTRUSTED_DOCUMENT');
      const introspection = await overWs(ws, INTROSPECTION);
      expect(introspection.errors?.[0]?.message).toMatch(/introspection has been disabled/);
      const misspelt = await overWs(ws, '{ me { usernam } }');
      expect(misspelt.errors?.[0]?.message).toBe('Cannot query field "usernam" on type "Me".');
    } finally {
      await ws.dispose();
    }
  });
});
