/**
 * The NATS bus against a real `nats-server` of its own on a free port (never the shared one):
 * two connections stand for two API instances; the server is killed and started again on the
 * same port to show the outage is surfaced (isListening, what reaches whom) and the resync
 * afterwards; a closed bus and an unreachable server are refused, typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer } from '@seccam/testkit';
import { createLogger } from '../logger.ts';
import type { BusEvent } from './bus-event.ts';
import { BusUnavailableError, type EventBus } from './event-bus.ts';
import { ended, eventBusContract } from './event-bus-contract.test-support.ts';
import { connectNats, natsServersOf, redactNatsUrl } from './nats-link.ts';
import { useNatsLinks } from './nats-links.test-support.ts';
import { EVENTS_SUBJECT_PREFIX, eventSubject, openNatsEventBus } from './nats-event-bus.ts';

const logger = createLogger('silent');
const FAST = { connectTimeoutMs: 2000, reconnectWaitMs: 100, pingIntervalMs: 1000 };

describe('NATS event bus', () => {
  const links = useNatsLinks(FAST);
  let a: EventBus;
  let b: EventBus;

  beforeAll(() => {
    a = openNatsEventBus(links.a, logger);
    b = openNatsEventBus(links.b, logger);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  eventBusContract(() => ({
    a,
    b,
    injectInvalid: () => {
      const raw = links.a.connection;
      raw.publish(`${EVENTS_SUBJECT_PREFIX}.sessions.ended`, 'not json');
      raw.publish(`${EVENTS_SUBJECT_PREFIX}.unknown.kind`, JSON.stringify({ kind: 'unknown.kind' }));
      raw.publish(`${EVENTS_SUBJECT_PREFIX}.grant.created`, JSON.stringify(ended('wrong-subject')));
      return Promise.resolve();
    },
    open: async () => openNatsEventBus(await connectNats(links.nats.url, logger, FAST), logger),
  }));

  it('publishes on the subject of the event kind', () => {
    expect(eventSubject(ended('u1'))).toBe('seccam.events.sessions.ended');
  });

  it('while the server is down: says so, delivers on the publishing instance only, and resyncs once it is back on the same port', async () => {
    let resyncs = 0;
    const offResync = b.onResync(() => (resyncs += 1));
    const onA: BusEvent[] = [];
    const onB: BusEvent[] = [];
    // Only this test's events: echoes of the earlier tests' may still be on their way.
    const mine = (e: BusEvent): boolean => e.kind === 'sessions.ended' && ['while-down', 'after'].includes(e.userId);
    const offA = a.subscribe((e) => mine(e) && onA.push(e));
    const offB = b.subscribe((e) => mine(e) && onB.push(e));
    expect([a.isListening(), b.isListening()]).toEqual([true, true]);

    await links.nats.kill();
    await expect.poll(() => [a.isListening(), b.isListening()], { timeout: 10_000 }).toEqual([false, false]);
    await a.publish(ended('while-down'));
    expect(onA).toEqual([ended('while-down')]);

    await links.nats.start();
    await expect.poll(() => [a.isListening(), b.isListening(), resyncs], { timeout: 15_000 }).toEqual([true, true, 1]);
    // The subscriptions came back with the connection; the event of the outage was not queued for B.
    await a.publish(ended('after'));
    await expect.poll(() => onB).toEqual([ended('after')]);
    expect(onA).toEqual([ended('while-down'), ended('after')]);
    offA();
    offB();
    offResync();
  });

  it('says it is not listening once closed, and refuses to publish, typed', async () => {
    const c = openNatsEventBus(await connectNats(links.nats.url, logger, FAST), logger);
    await c.close();
    expect(c.isListening()).toBe(false);
    await expect(c.publish(ended('u6'))).rejects.toMatchObject({ name: 'BusUnavailableError', code: 'BUS_UNAVAILABLE' });
    await expect(c.publish(ended('u6'))).rejects.toBeInstanceOf(BusUnavailableError);
  });

  it('takes credentials from NATS_URL, and is refused without them', async () => {
    const guarded = await startNatsServer({ user: 'seccam', pass: 'p@ss/word' });
    try {
      const url = `nats://seccam:${encodeURIComponent('p@ss/word')}@127.0.0.1:${String(guarded.port)}`;
      const bus = openNatsEventBus(await connectNats(url, logger, FAST), logger);
      const seen: BusEvent[] = [];
      bus.subscribe((e) => seen.push(e));
      await bus.publish(ended('authed'));
      await expect.poll(() => seen).toEqual([ended('authed')]);
      await bus.close();
      const refused = await connectNats(guarded.url, logger, FAST).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(BusUnavailableError);
    } finally {
      await guarded.stop();
    }
    expect(natsServersOf('nats://u:p@n1:4222, tls://n2:4223')).toEqual({
      servers: ['nats://n1:4222', 'tls://n2:4223'],
      user: 'u',
      pass: 'p',
    });
    expect(natsServersOf('nats://tok@n1:4222')).toEqual({ servers: ['nats://n1:4222'], token: 'tok' });
    expect(natsServersOf('nats://n1:4222')).toEqual({ servers: ['nats://n1:4222'] });
  });

  it('refuses to start when no server answers, naming the address without its credentials', async () => {
    const gone = await startNatsServer();
    await gone.stop();
    const url = `nats://user:secret@127.0.0.1:${String(gone.port)}`;
    const refused = await connectNats(url, logger, { ...FAST, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BusUnavailableError);
    expect((refused as Error).message).toBe(`NATS at ${redactNatsUrl(url)} is unreachable`);
    expect((refused as Error).message).not.toContain('secret');
    expect((refused as Error).cause).toBeInstanceOf(Error);
  });
});
