/**
 * Turns what an operation threw into a sentence for the user. The API's typed errors
 * (see api/src/errors.ts) carry safe messages and a fixed `extensions.code`; bundle errors
 * come from `@seccam/pki` before any request is made.
 */
import { GraphQLRequestError, HttpStatusError } from '@seccam/device';
import { isPkiError } from '@seccam/pki';

/** The first GraphQL error code of `error`, e.g. `UNAUTHENTICATED`, if it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  return error instanceof GraphQLRequestError ? error.code : undefined;
}

function retryHint(retryAfterSeconds: unknown): string {
  if (typeof retryAfterSeconds !== 'number' || !Number.isFinite(retryAfterSeconds)) return '';
  const at = new Date(Date.now() + retryAfterSeconds * 1000);
  return ` You can try again at ${at.toLocaleTimeString()}.`;
}

/** A message safe and useful to show, for anything an API call or bundle operation threw. */
export function describeError(error: unknown): string {
  if (error instanceof GraphQLRequestError) {
    return error.errors
      .map((e) => (e.extensions?.code === 'RATE_LIMITED' ? e.message + retryHint(e.extensions.retryAfterSeconds) : e.message))
      .join(' ');
  }
  if (error instanceof HttpStatusError) return `The server refused the request (HTTP ${error.status}).`;
  if (isPkiError(error)) {
    switch (error.code) {
      case 'BUNDLE_DECRYPT_FAILED':
        return 'This bundle cannot be opened: the password is wrong, or the file was changed.';
      case 'BUNDLE_MALFORMED':
      case 'BUNDLE_UNSUPPORTED':
        return 'This file is not a SecCam bundle (.sec.json) this app can read.';
      default:
        return error.message;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
