/**
 * The dispatcher directory (drivers only) and the public platform trust material.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { clientFor, type GraphQLRequestError, TEST_ORIGIN, useSignedInWorld } from '@seccam/testkit';
import { verifyChain } from '@seccam/pki';
import { securityHeaders } from '@seccam/schema';

const DIRECTORY = `query($s: String) { dispatchers(search: $s) { username fullName organisation country sigCertificatePem encCertificatePem } }`;
interface DirectoryResult {
  dispatchers: { username: string; organisation: string; country: string; sigCertificatePem: string; encCertificatePem: string }[];
}

describe('dispatcher directory and platform trust', () => {
  const world = useSignedInWorld();

  it('lists verified dispatchers with certificates that chain to the pinned root', async () => {
    const { dispatchers } = await world.driver.client.graphql<DirectoryResult>(DIRECTORY, { s: 'acme' });
    const found = dispatchers.find((d) => d.username === world.dispatcher.account.contents.username);
    expect(found).toMatchObject({ organisation: 'Acme Fleet', country: 'BE' });
    const check = await verifyChain(found?.encCertificatePem ?? '', {
      rootPem: world.dispatcher.account.contents.rootPem,
      intermediatePems: world.dispatcher.account.contents.chainPem,
      expectedKind: 'enc',
    });
    expect(check.ok).toBe(true);
    expect((await world.driver.client.graphql<DirectoryResult>(DIRECTORY, { s: 'no-such-company' })).dispatchers).toEqual([]);
  });

  it('is for drivers only', async () => {
    const error = await world.dispatcher.client.graphql(DIRECTORY).then(
      () => null,
      (e: unknown) => e as GraphQLRequestError,
    );
    expect(error?.code).toBe('FORBIDDEN');
    const anonymous = await clientFor(world.api)
      .graphql(DIRECTORY)
      .then(
        () => null,
        (e: unknown) => e as GraphQLRequestError,
      );
    expect(anonymous?.code).toBe('UNAUTHENTICATED');
  });

  it('publishes the root, chain and a CRL that openssl parses', async () => {
    const anonymous = clientFor(world.api);
    const crl = await anonymous.fetch('GET', '/pki/crl.pem');
    expect(crl.status).toBe(200);
    const text = execFileSync('openssl', ['crl', '-inform', 'PEM', '-noout', '-text'], { input: crl.body, encoding: 'utf8' });
    expect(text).toContain('Certificate Revocation List');
    const root = await anonymous.fetch('GET', '/pki/root.pem');
    expect(root.body.trim()).toBe(world.api.pki.rootPem.trim());
  });

  it('sends the security headers of the edge on every response, errors included', async () => {
    const anonymous = clientFor(world.api);
    for (const res of [await anonymous.fetch('GET', '/pki/root.pem'), await anonymous.fetch('PUT', '/')]) {
      for (const [name, value] of Object.entries(securityHeaders(TEST_ORIGIN))) expect(res.headers[name.toLowerCase()]).toBe(value);
    }
  });

  it('masks unexpected errors and reports bad input precisely', async () => {
    const res = await clientFor(world.api).graphqlRaw('{ dispatchers(limit: "x") { username } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const huge = await clientFor(world.api).fetch(
      'POST',
      '/graphql',
      JSON.stringify({ query: `{ me { username } }`, pad: 'x'.repeat(70_000) }),
    );
    expect(huge.status).toBe(413);
    const garbage = await clientFor(world.api).fetch('POST', '/graphql', '{not json');
    expect(garbage.status).toBe(400);
  });
});
