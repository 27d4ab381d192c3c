/**
 * The LISTEN/NOTIFY bus on a real database (PGlite, or Postgres when DATABASE_URL is set): two
 * buses on one database stand for two API instances.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@seccam/testkit';
import type { EventBus } from './event-bus.ts';
import { eventBusContract } from './event-bus-contract.test-support.ts';
import { EVENTS_CHANNEL, openPgEventBus } from './pg-event-bus.ts';

describe('PostgreSQL event bus', () => {
  let db: TestDatabase;
  let a: EventBus;
  let b: EventBus;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await openPgEventBus(db.database);
    b = await openPgEventBus(db.database);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  eventBusContract(() => ({
    a,
    b,
    injectInvalid: async () => {
      await db.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${'not json'})`);
      await db.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ kind: 'unknown.kind' })})`);
    },
    open: () => openPgEventBus(db.database),
  }));
});
