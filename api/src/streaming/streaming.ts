/**
 * Wires the WebSocket endpoints to the event bus: what other instances (or this one, through
 * its own LISTEN) announce is turned into actions on the sockets this instance holds, and
 * after a gap in the bus the same is re-checked in the database ([Note: after a gap]).
 */
import { CLOSE_REASONS, CloseCode } from '@seccam/schema';
import type { UpgradeRoute } from '../http/upgrade.ts';
import type { BusEvent } from '../event-bus/bus-event.ts';
import { onEveryResync } from '../event-bus/resync.ts';
import type { Limits } from '../limits.ts';
import { GrantExpiryTimer } from './grant-expiry.ts';
import { createIngestRoute } from './ingest.ts';
import { mayStillWatch, recheckStreaming } from './resync.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import { createWatchRoute } from './watch.ts';

export interface Streaming {
  readonly routes: ReadonlyMap<string, UpgradeRoute>;
  /** Ingest stores what it received, then every streaming socket closes with 1001 (cut after `graceMs`). */
  close(graceMs: number): Promise<void>;
}

export function createStreaming(deps: StreamingDeps, limits: Pick<Limits, 'ingest' | 'watch'>): Streaming {
  const ingest = createIngestRoute(deps, limits.ingest);
  const watch = createWatchRoute(deps, limits.watch);
  const expiry = new GrantExpiryTimer(deps);
  const off = deps.bus.subscribe((event) => {
    onBusEvent(deps, expiry, event).catch((e: unknown) => {
      deps.logger.error('bus event handling failed', { kind: event.kind, error: e instanceof Error ? e.message : String(e) });
    });
  });
  const offResync = onEveryResync(
    deps.bus,
    'streaming sockets',
    async () => {
      await recheckStreaming(deps);
      await expiry.reschedule();
    },
    deps.logger,
  );
  const offIngest = deps.registry.onIngestAdded(() => void expiry.reschedule());
  return {
    routes: new Map([
      ['/ws/ingest', ingest.route],
      ['/ws/watch', watch.route],
    ]),
    close: async (graceMs) => {
      off();
      offResync();
      offIngest();
      expiry.close();
      await Promise.all([ingest.shutdown(graceMs), watch.shutdown(graceMs)]);
    },
  };
}

async function onBusEvent(deps: StreamingDeps, expiry: GrantExpiryTimer, event: BusEvent): Promise<void> {
  switch (event.kind) {
    case 'stream.ended':
      deps.hub.committedElsewhere(event.streamId, event.seq, true);
      return;
    case 'grant.revoked': {
      await deps.registry.revokeViewer(event.driverId, event.dispatcherId, (streamId) => mayStillWatch(deps, event.dispatcherId, streamId));
      deps.registry.rekeyOwner(event.driverId);
      return;
    }
    case 'stream.deleted':
      deps.registry.closeStream(event.streamId, CloseCode.StreamDeleted, CLOSE_REASONS[CloseCode.StreamDeleted]);
      deps.hub.deleted(event.streamId);
      return;
    case 'epoch.published':
      deps.registry.notifyEpoch(event.streamId, event.recipientIds, event.epoch);
      return;
    case 'grant.created': // it may expire before the ones the timer waits for ([Note: grant expiry rotates])
      await expiry.reschedule();
      return;
    case 'stream.frame': // the hub hears of frames through its frame relay (frame-relay.ts)
    case 'stream.started':
    case 'sessions.ended': // handled by SessionSockets for every kind of socket
    case 'watch.joined': // presence: streaming/presence.ts
    case 'watch.left':
    case 'presence.heartbeat':
    case 'presence.sync':
      return;
  }
}
