/**
 * One GraphQL operation over either transport, answered as its data and errors (a refusal is an
 * answer, not a throw), for tests that assert the same outcome over HTTP and graphql-ws.
 */
import type { Client } from 'graphql-ws';
import type { HttpsClient } from '@seccam/device/node';

export interface GraphQLAnswer {
  readonly data?: unknown;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Over HTTP: the body and the status. */
export async function overHttp(
  client: HttpsClient,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLAnswer & { status: number }> {
  const answer = (await client.graphqlRaw(query, variables)) as GraphQLAnswer;
  return { ...answer, status: client.lastResponse?.status ?? 0 };
}

/** Over graphql-ws: the last result, or the errors the operation was refused with. */
export function overWs(ws: Client, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer> {
  return new Promise((resolve, reject) => {
    let result: GraphQLAnswer = {};
    ws.subscribe(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (r) => {
          result = r;
        },
        error: (e: unknown) => {
          if (Array.isArray(e)) resolve({ errors: e as GraphQLAnswer['errors'] });
          else reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
        },
        complete: () => {
          resolve(result);
        },
      },
    );
  });
}
