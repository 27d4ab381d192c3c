/**
 * The one Apollo Client of the web app, `watchQuery` turning an Apollo observable into Solid
 * signals, and `mutate` for one-shot operations. The session travels in the HttpOnly cookie,
 * never in JavaScript.
 */
import { ApolloClient, HttpLink, InMemoryCache, type OperationVariables } from '@apollo/client/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { describeError, errorCodeOf } from './api-error';

export const client = new ApolloClient({
  link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
  cache: new InMemoryCache(),
});

export interface QueryState<T> {
  readonly data: Accessor<T | undefined>;
  readonly error: Accessor<string | undefined>;
  /** The API's error code (e.g. `UNAUTHENTICATED`) when the query failed with one. */
  readonly errorCode: Accessor<string | undefined>;
  readonly loading: Accessor<boolean>;
}

export interface WatchOptions {
  /** `network-only` for data that must be fresh when the view opens (e.g. the session). */
  readonly fetchPolicy?: 'cache-first' | 'network-only';
}

export function watchQuery<T, V extends OperationVariables>(
  document: TypedDocumentNode<T, V>,
  variables?: V,
  options: WatchOptions = {},
): QueryState<T> {
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<string>();
  const [errorCode, setErrorCode] = createSignal<string>();
  const [loading, setLoading] = createSignal(true);
  const subscription = client
    .watchQuery<T, V>({
      query: document,
      ...(variables ? { variables } : {}),
      fetchPolicy: options.fetchPolicy ?? 'cache-first',
      errorPolicy: 'all',
    } as never)
    .subscribe({
      next: (result) => {
        setLoading(result.loading);
        setData(() => (result.data ?? undefined) as T | undefined);
        setError(result.error ? describeError(result.error) : undefined);
        setErrorCode(errorCodeOf(result.error));
      },
      error: (e: unknown) => {
        setLoading(false);
        setError(describeError(e));
        setErrorCode(errorCodeOf(e));
      },
    });
  onCleanup(() => { subscription.unsubscribe(); });
  return { data, error, errorCode, loading };
}

/** Runs a mutation; resolves to its data or throws what {@link describeError} explains. */
export async function mutate<T, V extends OperationVariables>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
  const result = await client.mutate({ mutation: document, variables } as ApolloClient.MutateOptions<T, V>);
  if (result.data === undefined || result.data === null) throw new Error('The server returned no data.');
  return result.data;
}
