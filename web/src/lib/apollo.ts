/**
 * The one Apollo Client of the web app, and `watchQuery` turning an Apollo observable into
 * Solid signals. The session travels in the HttpOnly cookie, never in JavaScript.
 */
import { ApolloClient, HttpLink, InMemoryCache, type OperationVariables } from '@apollo/client/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export const client = new ApolloClient({
  link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
  cache: new InMemoryCache(),
});

export interface QueryState<T> {
  readonly data: Accessor<T | undefined>;
  readonly error: Accessor<string | undefined>;
  readonly loading: Accessor<boolean>;
}

export function watchQuery<T, V extends OperationVariables>(document: TypedDocumentNode<T, V>, variables?: V): QueryState<T> {
  const [data, setData] = createSignal<T>();
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(true);
  const subscription = client
    .watchQuery<T, V>({ query: document, ...(variables ? { variables } : {}), errorPolicy: 'all' } as never)
    .subscribe({
      next: (result) => {
        setLoading(false);
        setData(() => (result.data ?? undefined) as T | undefined);
        setError(result.error?.message);
      },
      error: (e: unknown) => {
        setLoading(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    });
  onCleanup(() => { subscription.unsubscribe(); });
  return { data, error, loading };
}
