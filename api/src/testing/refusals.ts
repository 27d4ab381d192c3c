// Test support only: what a refused GraphQL call answered, for asserting typed refusals.
import type { GraphQLRequestError } from '@seccam/testkit';

/** The refusal's `extensions.code` (undefined when the call succeeded). */
export function codeOf(call: Promise<unknown>): Promise<string | undefined> {
  return refusalOf(call).then((r) => r?.code);
}

/** The refusal's `extensions.code` and `extensions.reason` (undefined when the call succeeded). */
export function refusalOf(call: Promise<unknown>): Promise<{ code: string | undefined; reason: unknown } | undefined> {
  return call.then(
    () => undefined,
    (e: unknown) => {
      const error = e as GraphQLRequestError;
      return { code: error.code, reason: error.errors[0]?.extensions?.reason };
    },
  );
}
