/**
 * Per-request GraphQL context, built by the HTTP and WebSocket adapters.
 */
import type { ActiveSession } from '../modules/sessions/sessions.service.ts';
import type { StreamEvent } from '../modules/events/events.type.ts';
import type { UserRow } from '../modules/users/users.table.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

export interface RequestContext {
  readonly session: ActiveSession | null;
  readonly ip: string;
  readonly userAgent: string | undefined;
  /** `Set-Cookie` values the HTTP adapter adds to the response (empty over WebSocket). */
  readonly setCookies: string[];
  /** The user's live events (set on WebSocket contexts, where subscriptions run). */
  readonly streamEvents?: (user: UserRow) => AsyncIterable<StreamEvent>;
}

/** The signed-in user, or UNAUTHENTICATED. */
export function ensureUser(ctx: RequestContext): UserRow {
  if (!ctx.session) throw new UnauthenticatedError();
  return ctx.session.user;
}

export function ensureSession(ctx: RequestContext): ActiveSession {
  if (!ctx.session) throw new UnauthenticatedError();
  return ctx.session;
}

/** The signed-in user if their role is `role`, else FORBIDDEN. */
export function ensureRole(ctx: RequestContext, role: UserRow['role']): UserRow {
  const user = ensureUser(ctx);
  if (user.role !== role) throw new ForbiddenError(`Only ${role}s can do this.`);
  return user;
}
