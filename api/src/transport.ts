/**
 * The transport between API instances, chosen once by configuration: with `NATS_URL`, the
 * event bus and the live frame relay run over NATS; without it, over PostgreSQL LISTEN/NOTIFY
 * (nothing else to run; one instance needs nothing at all). Postgres is the system of record
 * either way ([Note: frames between instances] in streaming/frame-relay.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { EventBus } from './event-bus/event-bus.ts';
import { connectNats, redactNatsUrl } from './event-bus/nats-link.ts';
import { openNatsEventBus } from './event-bus/nats-event-bus.ts';
import { openPgEventBus } from './event-bus/pg-event-bus.ts';
import type { Logger } from './logger.ts';
import { BusFrameRelay, type FrameRelay } from './streaming/frame-relay.ts';
import { NatsFrameRelay } from './streaming/nats-frame-relay.ts';

export interface Transport {
  readonly kind: 'postgres' | 'nats';
  /** Identifies this instance on the bus and the relay (its own frames reach its hub directly). */
  readonly instanceId: string;
  readonly bus: EventBus;
  readonly frames: FrameRelay;
  /** Leaves the relay, then the bus (which releases the connection). */
  close(): Promise<void>;
}

export async function openTransport(config: Pick<Config, 'natsUrl'>, database: Database, logger: Logger): Promise<Transport> {
  const instanceId = randomUUID();
  if (config.natsUrl) {
    const link = await connectNats(config.natsUrl, logger);
    logger.info(`event bus: NATS at ${redactNatsUrl(config.natsUrl)}`);
    return assemble('nats', instanceId, openNatsEventBus(link, logger), new NatsFrameRelay(link, instanceId));
  }
  const bus = await openPgEventBus(database);
  return assemble('postgres', instanceId, bus, new BusFrameRelay(bus, instanceId));
}

function assemble(kind: Transport['kind'], instanceId: string, bus: EventBus, frames: FrameRelay): Transport {
  return {
    kind,
    instanceId,
    bus,
    frames,
    close: async () => {
      frames.close();
      await bus.close();
    },
  };
}
