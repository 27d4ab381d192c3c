/**
 * Wires the WebSocket endpoints to the event bus: what other instances (or this one, through
 * its own LISTEN) announce is turned into actions on the sockets this instance holds.
 */
import type { WebSocketServer } from 'ws';
import type { UpgradeRoute } from '../http/upgrade.ts';
import type { BusEvent } from '../event-bus/bus-event.ts';
import type { Limits } from '../limits.ts';
import { createIngestRoute } from './ingest.ts';
import type { StreamingDeps } from './streaming-deps.ts';
import { createWatchRoute } from './watch.ts';

export interface Streaming {
  readonly routes: ReadonlyMap<string, UpgradeRoute>;
  close(): Promise<void>;
}

export function createStreaming(deps: StreamingDeps, limits: Pick<Limits, 'ingest' | 'watch'>): Streaming {
  const ingest = createIngestRoute(deps, limits.ingest);
  const watch = createWatchRoute(deps, limits.watch);
  const off = deps.bus.subscribe((event) => {
    onBusEvent(deps, event).catch((e: unknown) => {
      deps.logger.error('bus event handling failed', { kind: event.kind, error: e instanceof Error ? e.message : String(e) });
    });
  });
  return {
    routes: new Map([
      ['/ws/ingest', ingest.route],
      ['/ws/watch', watch.route],
    ]),
    close: async () => {
      off();
      await Promise.all([closeAll(ingest.wss), closeAll(watch.wss)]);
    },
  };
}

async function onBusEvent(deps: StreamingDeps, event: BusEvent): Promise<void> {
  switch (event.kind) {
    case 'stream.frame':
      if (event.origin !== deps.instanceId) deps.hub.committedElsewhere(event.streamId, event.seq);
      return;
    case 'stream.ended':
      deps.hub.committedElsewhere(event.streamId, event.seq, true);
      return;
    case 'grant.revoked': {
      await deps.registry.revokeViewer(event.driverId, event.dispatcherId, async (streamId) => {
        const stream = await deps.streams.find(streamId);
        return stream !== undefined && (await deps.access.forStream({ id: event.dispatcherId, role: 'dispatcher' }, stream)).ok;
      });
      deps.registry.rekeyOwner(event.driverId);
      return;
    }
    case 'epoch.published':
      deps.registry.notifyEpoch(event.streamId, event.recipientIds, event.epoch);
      return;
    case 'stream.started':
    case 'grant.created':
    case 'sessions.ended': // handled by SessionSockets for every kind of socket
      return;
  }
}

function closeAll(wss: WebSocketServer): Promise<void> {
  for (const client of wss.clients) client.terminate();
  return new Promise((resolve) => {
    wss.close(() => {
      resolve();
    });
  });
}
