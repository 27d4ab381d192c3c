/**
 * GraphQL limits on the real server, over HTTP and graphql-ws alike: aliases (the outside
 * testers' 500 aliases of the dispatcher directory), depth, tokens and cost are refused before
 * anything runs, each naming its limit; a malformed id is BAD_USER_INPUT, never reaching SQL; an
 * answer that does not come in time is a retryable TIMEOUT.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  graphqlWsClient,
  type HttpsClient,
  startTestApi,
  type TestApi,
  signedInAccount,
  overHttp,
  overWs,
  type GraphQLAnswer,
} from '@seccam/testkit';
import { DEFAULT_LIMITS } from '../limits.ts';

/** The testers' request: n aliases of the dispatcher directory (500 of them are ≈ 27 KB). */
const aliasedDirectory = (n: number): string =>
  `{ ${Array.from({ length: n }, (_, i) => `d${i}: dispatchers { id username fullName organisation }`).join(' ')} }`;

describe('GraphQL operation limits', () => {
  let api: TestApi;
  let client: HttpsClient;
  let ws: Client;

  /** The same operation over both transports, for assertions that must hold on each. */
  async function overBoth(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<[GraphQLAnswer & { status: number }, GraphQLAnswer]> {
    return [await overHttp(client, query, variables), await overWs(ws, query, variables)];
  }

  beforeAll(async () => {
    api = await startTestApi();
    ({ client } = await signedInAccount(api, 'driver'));
    ws = graphqlWsClient(api, client);
  });
  afterAll(async () => {
    await ws.dispose();
    await api.stop();
  });

  it('refuses 500 aliases of the dispatcher directory with a clear error, running none of them', async () => {
    const spy = vi.spyOn(api.app.services.users, 'dispatchers');
    try {
      const query = aliasedDirectory(500);
      expect(query.length).toBeGreaterThan(26_000);
      const [http, overSocket] = await overBoth(query);
      expect(http.status).toBe(400);
      for (const answer of [http, overSocket]) {
        expect(answer.data).toBeUndefined();
        expect(answer.errors?.[0]?.message).toBe(`Too many aliases (500 > ${DEFAULT_LIMITS.graphql.maxAliases}).`);
        expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxAliases' });
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('accepts aliases up to the limit', async () => {
    const [http, overSocket] = await overBoth(`{ ${Array.from({ length: 3 }, (_, i) => `m${i}: me { username }`).join(' ')} }`);
    expect(Object.keys(http.data as object)).toEqual(['m0', 'm1', 'm2']);
    expect(Object.keys(overSocket.data as object)).toEqual(['m0', 'm1', 'm2']);
  });

  it('refuses a selection nested too deeply', async () => {
    expect((await overHttp(client, '{ dispatchers { encCertificateLogProof { treeHead { logIdHex } } } }')).errors).toBeUndefined();
    const tooDeep = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }';
    for (const answer of await overBoth(tooDeep)) {
      expect(answer.errors?.[0]?.message).toBe(`Query is nested too deeply (9 > ${DEFAULT_LIMITS.graphql.maxDepth}).`);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxDepth' });
    }
  });

  it('refuses a document with more tokens than the parser reads', async () => {
    const max = DEFAULT_LIMITS.graphql.maxTokens;
    // `{ me { `, n × `__typename`, ` } }`: n + 5 tokens. At the limit it parses (validation may still refuse it).
    const document = (n: number) => `{ me { ${'__typename '.repeat(n)}} }`;
    expect((await overHttp(client, document(max - 5))).errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_PARSE_FAILED');
    for (const answer of await overBoth(document(max - 4))) {
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.message).toMatch(new RegExp(`Document contains more tha[nt] ${max} tokens`));
      expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    }
  });

  it('refuses an operation whose estimated answer is too large', async () => {
    const proof = 'auditPathB64 leafIndex treeSize treeHead { logIdHex logPublicKeyPem rootHashB64 signatureB64 timestamp treeSize }';
    const directory = (limit: number) =>
      `{ dispatchers(limit: ${limit}) { username sigCertificatePem encCertificatePem sigCertificateLogProof { ${proof} } encCertificateLogProof { ${proof} } } }`;
    // 1 + 200 entries × 25 fields: the directory at its largest page, with every proof.
    for (const answer of await overBoth(directory(200))) {
      expect(answer.errors?.[0]?.message).toBe(`Operation is too costly (5001 > ${DEFAULT_LIMITS.graphql.maxCost}).`);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'maxCost' });
    }
    // A page of the default size, proofs included, is what a client needs: it runs.
    const [page] = await overBoth(directory(50));
    expect(page.errors).toBeUndefined();
  });

  it('answers BAD_USER_INPUT for a malformed id, in an argument, a variable, a list or an input', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['{ stream(id: "not-a-uuid") { id } }', undefined, 'id'],
      ['{ stream(id: 42) { id } }', undefined, 'id'],
      ['query($s: ID!) { epochKeys(streamId: $s) { epoch } }', { s: "1' OR '1'='1" }, 'streamId'],
      ['{ streamRecipients(streamId: "00000000-0000-4000-8000-00000000000G") { username } }', undefined, 'streamId'],
      [
        'mutation($i: PublishEpochKeysInput!) { publishEpochKeys(input: $i) }',
        { i: { streamId: 'x', epoch: 0, entries: [] } },
        'input.streamId',
      ],
    ];
    for (const [query, variables, field] of cases) {
      for (const answer of await overBoth(query, variables)) {
        expect(answer.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', field, reason: 'INVALID_ID' });
        expect(answer.errors?.[0]?.message).toBe(`${field} must be a canonical lowercase UUID.`);
      }
    }
    // A well-formed id that names nothing is the resolver's business, not an input error.
    const [missing] = await overBoth('{ stream(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('GraphQL answer deadline', () => {
  let api: TestApi;
  let client: HttpsClient;
  const requestTimeoutMs = 2_500;

  beforeAll(async () => {
    api = await startTestApi({ streamingLimits: { graphql: { requestTimeoutMs } } });
    ({ client } = await signedInAccount(api, 'driver'));
  });
  afterAll(() => api.stop());

  it('answers a retryable TIMEOUT when the answer does not come in time, over HTTP and graphql-ws', async () => {
    // The CRL never comes (as with a database that does not answer): platformTrust hangs.
    const hang = vi.spyOn(api.app.services.certificates, 'crlPem').mockImplementation(() => new Promise(() => undefined));
    const ws = graphqlWsClient(api, client);
    try {
      const http = (await client.graphqlRaw('{ platformTrust { crlPem } }')) as GraphQLAnswer;
      expect(client.lastResponse?.status).toBe(503);
      expect(client.lastResponse?.headers['retry-after']).toBe('1');
      expect(http.errors?.[0]?.extensions).toEqual({ code: 'TIMEOUT', retryable: true, retryAfterSeconds: 1 });
      const overSocket = await overWs(ws, '{ platformTrust { crlPem } }');
      expect(overSocket.errors?.[0]?.extensions).toEqual({ code: 'TIMEOUT', retryable: true, retryAfterSeconds: 1 });
    } finally {
      hang.mockRestore();
      await ws.dispose();
    }
    // The server is fine afterwards.
    expect(((await client.graphqlRaw('{ platformTrust { crlPem } }')) as GraphQLAnswer).data).toBeDefined();
  });
});
