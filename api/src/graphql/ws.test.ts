/**
 * graphql-ws on /graphql: authenticated from the session cookie at upgrade, Origin-checked,
 * validated (depth limit) and masked like HTTP.
 */
import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { graphqlWsClient, type HttpsClient, openWs, upgradeStatus, signedInAccount, overWs, useSignedInWorld } from '@seccam/testkit';

describe('graphql-ws', () => {
  const world = useSignedInWorld();

  const gqlWs = (cookieClient: HttpsClient, lazy = true): Client => graphqlWsClient(world.api, cookieClient, { lazy });

  it('refuses anonymous (401) and cross-origin (403) upgrades before the 101', async () => {
    expect(await upgradeStatus(openWs(world.api, '/graphql', { protocol: 'graphql-transport-ws' }))).toBe(401);
    expect(
      await upgradeStatus(
        openWs(world.api, '/graphql', { client: world.driver.client, origin: 'https://evil.example', protocol: 'graphql-transport-ws' }),
      ),
    ).toBe(403);
    expect(await upgradeStatus(openWs(world.api, '/nope', { client: world.driver.client }))).toBe(404);
    expect(await upgradeStatus(openWs(world.api, '/graphql', { client: world.driver.client, protocol: 'graphql-transport-ws' }))).toBe(101);
  });

  it('runs operations as the signed-in user', async () => {
    const c = gqlWs(world.driver.client);
    const result = await overWs(c, '{ me { username role } }');
    expect(result.data).toEqual({ me: { username: world.driver.account.contents.username, role: 'driver' } });
    await c.dispose();
  });

  it('applies the depth limit and validation over the socket too', async () => {
    const c = gqlWs(world.driver.client);
    const deep = await overWs(c, '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }');
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const invalid = await overWs(c, '{ me { nosuchfield } }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await c.dispose();
  });

  it('closes an open socket with 4401 at logout', async () => {
    const { account, client: other } = await signedInAccount(world.api, 'driver');
    const c = gqlWs(other, false);
    const closed = new Promise<number>((resolve) =>
      c.on('closed', (e) => {
        resolve((e as { code: number }).code);
      }),
    );
    expect((await overWs(c, '{ me { username } }')).data).toEqual({ me: { username: account.contents.username } });
    await other.graphql<{ logout: boolean }>('mutation { logout }');
    expect(await closed).toBe(4401);
    await expect(overWs(c, '{ me { username } }')).rejects.toBeDefined();
    await c.dispose();
  });
});
