/**
 * How much of the schema the API shows to whoever asks, per environment.
 *
 * [Note: schema exposure in production]
 * In development and tests, introspection and graphql-js's "Did you mean …?" suggestions help
 * tools and people. In production nobody but our own clients should be exploring: introspection
 * is refused over HTTP and graphql-ws alike, and suggestions are removed from every message — by
 * validation (`hideSuggestions`) and, for the ones raised while coercing variables, by the error
 * formatter. Only trusted documents run there at all (trusted-documents.ts); these two still
 * matter, because an untrusted document is validated before it is refused.
 */
import { NoSchemaIntrospectionCustomRule, type GraphQLFormattedError, type ValidationRule } from 'graphql';
import type { Config } from '../config.ts';

export interface SchemaExposure {
  readonly introspection: boolean;
  readonly suggestions: boolean;
}

export function schemaExposureFor(env: Config['env']): SchemaExposure {
  const open = env !== 'production';
  return { introspection: open, suggestions: open };
}

/** The validation rules for `exposure`, on both transports (so both refuse introspection in the same words). */
export function exposureRules(exposure: SchemaExposure): ValidationRule[] {
  return exposure.introspection ? [] : [NoSchemaIntrospectionCustomRule];
}

/** `message` without graphql-js's " Did you mean …?" tail(s). */
export function stripSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}

type FormatError = (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError;

/** `formatError`, with suggestions stripped from what it returns unless `exposure` allows them. */
export function formatErrorFor(exposure: SchemaExposure, formatError: FormatError): FormatError {
  if (exposure.suggestions) return formatError;
  return (formatted, original) => {
    const result = formatError(formatted, original);
    return { ...result, message: stripSuggestions(result.message) };
  };
}
