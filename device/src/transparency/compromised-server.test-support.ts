// Test support only: the compromised server rewriting the API's answers (its certificate tools
// are the test kit's: forgedCertificate, logCertificate, installCertificate).
import type { TypedQuery } from '../client/print-document.ts';
import { HttpsClient, type HttpsClientOptions } from '../node/https-client.ts';
import type { Party } from '../streaming/streaming-parties.test-support.ts';

/** The victim's client, talking to a server that rewrites answers with `rewrite`. */
export function throughHostileServer(victim: Party, rewrite: (data: Record<string, unknown>) => Record<string, unknown>): HttpsClient {
  class HostileServer extends HttpsClient {
    override async graphql<T, V>(query: TypedQuery<T, V>, variables?: V): Promise<T> {
      return rewrite((await super.graphql(query, variables)) as Record<string, unknown>) as T;
    }
  }
  return sameSession(victim, (options) => new HostileServer(options));
}

/** Another client with the victim's session cookie and `options` (e.g. another device's stores). */
export function sameSession(
  victim: Party,
  make: (options: HttpsClientOptions) => HttpsClient,
  options: Partial<HttpsClientOptions> = {},
): HttpsClient {
  const client = make({ ...victim.client.options, ...options });
  for (const [name, value] of victim.client.cookies) client.cookies.set(name, value);
  return client;
}
