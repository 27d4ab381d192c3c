// Test support only: sessions on the test API, and the same session on a twin instance.
import { clientFor, login, type HttpsClient, type ReadyAccount, type TestApi } from '@seccam/testkit';

const SESSION_COOKIE = '__Host-seccam-session';

/** A client of `api` logged in as `account`. */
export async function signedIn(api: TestApi, account: ReadyAccount): Promise<HttpsClient> {
  const client = clientFor(api);
  await login(client, account.contents, account.nextCode);
  return client;
}

/** A client of `api` carrying `client`'s session cookie (another instance on the same database, or a thief). */
export function sameSession(api: TestApi, client: HttpsClient): HttpsClient {
  const copy = clientFor(api);
  copy.cookies.set(SESSION_COOKIE, client.cookies.get(SESSION_COOKIE) ?? '');
  return copy;
}
