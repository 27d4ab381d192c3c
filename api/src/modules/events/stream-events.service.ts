/**
 * GraphQL subscription events, derived from bus events and filtered per user: a user hears
 * about streams it may see (owner or active grantee) and grants it is party to — nothing else.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { BusEvent } from '../../event-bus/bus-event.ts';
import { busEvents, type EventBus } from '../../event-bus/event-bus.ts';
import type { Presence } from '../../streaming/presence.ts';
import type { StreamViewersService } from '../presence/stream-viewers.service.ts';
import type { AccessPolicy } from '../sharing/access.ts';
import type { StreamService } from '../streams/streams.service.ts';
import { users, type UserRow } from '../users/users.table.ts';
import type { StreamEvent } from './events.type.ts';

/** What a subscription reads: bus events, and this instance's presence changes of the user's own streams. */
type EventInput = BusEvent | { kind: 'viewers.changed'; streamId: string; ownerId: string };

export class StreamEventsService {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly streams: StreamService,
    private readonly access: AccessPolicy,
    private readonly presence: Presence,
    private readonly viewers: StreamViewersService,
  ) {}

  /** The user's events, for as long as the subscription lasts. */
  forUser(user: Pick<UserRow, 'id' | 'role'>): AsyncIterable<StreamEvent> {
    const inputs = {
      subscribe: (listener: (e: EventInput) => void): (() => void) => {
        const offBus = this.bus.subscribe(listener);
        const offPresence = this.presence.onChange(({ streamId, ownerId, viewerId }) => {
          // The owner's own playback is not "someone watching".
          if (ownerId === user.id && viewerId !== ownerId) listener({ kind: 'viewers.changed', streamId, ownerId });
        });
        return () => {
          offBus();
          offPresence();
        };
      },
    };
    const source = busEvents<EventInput>(inputs, () => true);
    const toEvent = (e: EventInput): Promise<StreamEvent | null> => this.eventFor(user, e);
    return {
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<StreamEvent>> {
          for (;;) {
            const r = await source.next();
            if (r.done) return { done: true, value: undefined };
            const event = await toEvent(r.value);
            if (event) return { done: false, value: event };
          }
        },
        return: async () => {
          await source.return?.();
          return { done: true, value: undefined };
        },
      }),
    };
  }

  private async eventFor(user: Pick<UserRow, 'id' | 'role'>, e: EventInput): Promise<StreamEvent | null> {
    const at = new Date();
    switch (e.kind) {
      case 'viewers.changed': {
        const viewers = await this.viewers.of(e.streamId, e.ownerId);
        return { kind: 'viewers', streamId: e.streamId, grantId: null, driver: await this.username(e.ownerId), epoch: null, at, viewers };
      }
      case 'stream.started':
      case 'stream.ended': {
        const stream = await this.streams.find(e.streamId);
        if (!stream || !(await this.access.forStream(user, stream)).ok) return null;
        return {
          kind: e.kind === 'stream.started' ? 'started' : 'ended',
          streamId: stream.id,
          grantId: null,
          driver: stream.ownerUsername,
          epoch: null,
          at,
        };
      }
      case 'stream.deleted': {
        if (user.id !== e.ownerId && !e.granteeIds.includes(user.id)) return null;
        return { kind: 'deleted', streamId: e.streamId, grantId: null, driver: e.ownerUsername, epoch: null, at };
      }
      case 'grant.created':
      case 'grant.revoked': {
        if (user.id !== e.driverId && user.id !== e.dispatcherId) return null;
        return {
          kind: e.kind === 'grant.created' ? 'shared' : 'revoked',
          streamId: null,
          grantId: e.grantId,
          driver: await this.username(e.driverId),
          epoch: null,
          at,
        };
      }
      case 'epoch.published': {
        if (!e.recipientIds.includes(user.id) || user.id === e.ownerId) return null;
        return { kind: 'rekeyed', streamId: e.streamId, grantId: null, driver: await this.username(e.ownerId), epoch: e.epoch, at };
      }
      case 'stream.frame':
      case 'sessions.ended':
      case 'watch.joined': // the owner hears of presence through `Presence.onChange` (forUser)
      case 'watch.left':
      case 'presence.heartbeat':
      case 'presence.sync':
        return null;
    }
  }

  private async username(id: string): Promise<string> {
    const [u] = await this.db.select({ username: users.username }).from(users).where(eq(users.id, id)).limit(1);
    return u?.username ?? '';
  }
}
