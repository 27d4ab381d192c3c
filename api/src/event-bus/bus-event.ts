/**
 * What travels on the event bus: small JSON events, the same for every transport. Anything a
 * transport receives is parsed here at the boundary; unknown shapes are dropped.
 */

export type BusEvent =
  | { kind: 'stream.started'; streamId: string; ownerId: string }
  | { kind: 'stream.ended'; streamId: string; ownerId: string; seq: number }
  | { kind: 'stream.frame'; streamId: string; seq: number; origin: string }
  /** The owner deleted the stream; `granteeIds` held access to it at that moment (the row is gone, so they are named here). */
  | { kind: 'stream.deleted'; streamId: string; ownerId: string; ownerUsername: string; granteeIds: string[] }
  | { kind: 'grant.created'; grantId: string; driverId: string; dispatcherId: string }
  | { kind: 'grant.revoked'; grantId: string; driverId: string; dispatcherId: string }
  | { kind: 'epoch.published'; streamId: string; ownerId: string; epoch: number; recipientIds: string[] }
  | { kind: 'sessions.ended'; userId: string; sessionIds: string[] | null }
  // Presence ([Note: presence] in streaming/presence.ts): who watches which stream, per instance.
  | {
      kind: 'watch.joined';
      instanceId: string;
      connectionId: string;
      streamId: string;
      ownerId: string;
      viewerId: string;
      since: string;
    }
  | { kind: 'watch.left'; instanceId: string; connectionId: string; streamId: string; ownerId: string }
  | { kind: 'presence.heartbeat'; instanceId: string }
  | { kind: 'presence.sync'; instanceId: string };

export type BusEventKind = BusEvent['kind'];

const KINDS = new Set<BusEventKind>([
  'stream.started',
  'stream.ended',
  'stream.frame',
  'stream.deleted',
  'grant.created',
  'grant.revoked',
  'epoch.published',
  'sessions.ended',
  'watch.joined',
  'watch.left',
  'presence.heartbeat',
  'presence.sync',
]);

/** Parses a received payload; anything unexpected is dropped (`null`). */
export function parseBusEvent(payload: string): BusEvent | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || !('kind' in value)) return null;
    return KINDS.has((value as { kind: BusEventKind }).kind) ? (value as BusEvent) : null;
  } catch {
    return null;
  }
}
