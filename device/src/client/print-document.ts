import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** A document's query text, keeping its result/variables types for `SeccamClient.graphql`. */
export type TypedQuery<TResult, TVariables> = string & { readonly __types?: [TResult, TVariables] };

const cache = new WeakMap<object, string>();

export function printDocument<TResult, TVariables>(doc: TypedDocumentNode<TResult, TVariables>): TypedQuery<TResult, TVariables> {
  let text = cache.get(doc);
  if (text === undefined) {
    text = print(doc);
    cache.set(doc, text);
  }
  return text;
}
