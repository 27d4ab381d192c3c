/**
 * Apollo `formatError`: our typed errors and GraphQL's own validation/parse errors pass
 * through; an unreachable database becomes SERVICE_UNAVAILABLE (retryable); anything else
 * becomes a generic INTERNAL_SERVER_ERROR (the original is logged with its cause chain, never sent).
 */
import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isDatabaseUnreachable } from '../db/errors.ts';
import { isAppError, ServiceUnavailableError } from '../errors.ts';
import type { Logger } from '../logger.ts';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isAppError(original)) return { ...formatted, extensions: { ...original.extensions } };
    if (isDatabaseUnreachable(original)) {
      logger.warn('database unreachable in resolver', { path: formatted.path?.join('.'), error: describe(original) });
      const unavailable = new ServiceUnavailableError();
      return {
        message: unavailable.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { ...unavailable.extensions },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const extensions = { ...formatted.extensions };
      delete extensions.stacktrace;
      if (Array.isArray(extensions.validationErrors)) extensions.validationErrors = extensions.validationErrors.map(ruleBroken);
      return { ...formatted, extensions };
    }
    logger.error('unexpected error in resolver', { path: formatted.path?.join('.'), error: describe(original) });
    return {
      message: 'Internal server error.',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * A class-validator failure as the client may see it: the property and the rules it broke, never
 * `target` or `value`, which would echo the whole input back (CSRs, signatures) into answers and logs.
 */
function ruleBroken(failure: unknown): unknown {
  if (typeof failure !== 'object' || failure === null) return null;
  const { property, constraints, children } = failure as { property?: unknown; constraints?: unknown; children?: unknown };
  return {
    property,
    ...(constraints === undefined ? {} : { constraints }),
    ...(Array.isArray(children) && children.length > 0 ? { children: children.map(ruleBroken) } : {}),
  };
}

function describe(e: unknown): string {
  const parts: string[] = [];
  for (let cur: unknown = e, i = 0; cur && i < 5; i++) {
    parts.push(cur instanceof Error ? `${cur.name}: ${cur.message}` : JSON.stringify(cur));
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts.join(' <- ');
}
