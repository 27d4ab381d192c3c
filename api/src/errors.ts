/**
 * The API's error vocabulary: a few GraphQLError subclasses with fixed `extensions.code`.
 *
 * Resolvers and services throw these; anything else reaching Apollo is masked as
 * INTERNAL_SERVER_ERROR by `formatError` (see graphql/format-error.ts), so internal
 * messages, SQL and stack traces never reach a client.
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'SERVICE_UNAVAILABLE'
  | 'UNTRUSTED_DOCUMENT'
  | 'TIMEOUT';

abstract class AppError extends GraphQLError {
  abstract readonly code: ErrorCode;
  constructor(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in first.') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this.') {
    super(message, 'FORBIDDEN');
  }
}

/** Bad input; `field` names the input field at fault when there is one. */
export class BadInputError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string, field?: string, reason?: string) {
    super(message, 'BAD_USER_INPUT', { ...(field ? { field } : {}), ...(reason ? { reason } : {}) });
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  constructor(message: string, field?: string) {
    super(message, 'CONFLICT', field ? { field } : {});
  }
}

/** Too many attempts; `retryAfterSeconds` tells the client when to try again. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor(message: string, retryAfterSeconds: number) {
    super(message, 'RATE_LIMITED', { retryAfterSeconds });
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(message = 'Not found.') {
    super(message, 'NOT_FOUND');
  }
}

/**
 * The database cannot be reached right now ([Note: an unreachable database] in db/errors.ts):
 * `retryable: true`, and `retryAfterSeconds` says when to try again. Nothing was changed.
 */
export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(message = SERVICE_UNAVAILABLE_MESSAGE, retryAfterSeconds = 1) {
    super(message, 'SERVICE_UNAVAILABLE', { retryable: true, retryAfterSeconds });
  }
}

export const SERVICE_UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable (its database cannot be reached); try again shortly.';

/** Production runs only the documents our clients were built with ([Note: trusted documents]). */
export class UntrustedDocumentError extends AppError {
  readonly code = 'UNTRUSTED_DOCUMENT';
  constructor() {
    super(
      'This server runs only the operations its own clients were built with, and this document is not one of them.',
      'UNTRUSTED_DOCUMENT',
    );
  }
}

/**
 * No answer within `graphql.requestTimeoutMs`: `retryable: true`, like SERVICE_UNAVAILABLE. The
 * operation may still finish after the answer, so a mutation's effect is unknown until read back.
 */
export class TimeoutError extends AppError {
  readonly code = 'TIMEOUT';
  constructor(retryAfterSeconds = 1) {
    super('The server did not answer in time; try again shortly.', 'TIMEOUT', { retryable: true, retryAfterSeconds });
  }
}

/** True for the errors we raise on purpose (their message is safe to show). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
