/**
 * The LISTEN/NOTIFY bus on a real database (PGlite, or Postgres when DATABASE_URL is set): two
 * buses on one database stand for two API instances.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@seccam/testkit';
import type { BusEvent } from './bus-event.ts';
import { busEvents, type EventBus } from './event-bus.ts';
import { EVENTS_CHANNEL, openPgEventBus } from './pg-event-bus.ts';

const ended = (userId: string): BusEvent => ({ kind: 'sessions.ended', userId, sessionIds: null });

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

  it('delivers a published event to every instance, the publisher included', async () => {
    const onA: BusEvent[] = [];
    const onB: BusEvent[] = [];
    const offA = a.subscribe((e) => onA.push(e));
    const offB = b.subscribe((e) => onB.push(e));
    await a.publish(ended('u1'));
    await expect.poll(() => [onA.length, onB.length]).toEqual([1, 1]);
    expect(onB[0]).toEqual(ended('u1'));
    offA();
    offB();
  });

  it('drops payloads that are not events and keeps delivering past a failing listener', async () => {
    const seen: BusEvent[] = [];
    const offBad = b.subscribe(() => {
      throw new Error('listener bug');
    });
    const off = b.subscribe((e) => seen.push(e));
    await db.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${'not json'})`);
    await db.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify({ kind: 'unknown.kind' })})`);
    await a.publish(ended('u2'));
    await expect.poll(() => seen.length).toBe(1);
    expect(seen).toEqual([ended('u2')]);
    offBad();
    off();
  });

  it('iterates filtered events until return()', async () => {
    const events = busEvents(b, (e) => e.kind === 'sessions.ended' && e.userId === 'u4');
    const next = events.next();
    await a.publish(ended('u3'));
    await a.publish(ended('u4'));
    expect(await next).toEqual({ done: false, value: ended('u4') });
    expect(await events.return?.()).toEqual({ done: true, value: undefined });
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('stops delivering once closed', async () => {
    const c = await openPgEventBus(db.database);
    const seen: BusEvent[] = [];
    c.subscribe((e) => seen.push(e));
    await c.close();
    const onA: BusEvent[] = [];
    const offA = a.subscribe((e) => onA.push(e));
    await a.publish(ended('u5'));
    await expect.poll(() => onA.length).toBe(1);
    expect(seen).toEqual([]);
    offA();
  });
});
