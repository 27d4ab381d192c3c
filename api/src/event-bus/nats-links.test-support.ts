// Test support only: a nats-server of the test file's own and two links to it.
import { afterAll, beforeAll } from 'vitest';
import { useNatsServer, type NatsServer } from '@seccam/testkit';
import { createLogger } from '../logger.ts';
import { connectNats, type NatsLink, type NatsLinkOptions } from './nats-link.ts';

/** A nats-server on a free port (never the shared one) and two links to it, standing for two API instances. */
export interface NatsLinks {
  readonly nats: NatsServer;
  readonly a: NatsLink;
  readonly b: NatsLink;
}

/**
 * Starts the server and connects both links before the enclosing describe's tests, and closes
 * them and stops it after them. The returned object is filled in by the time the tests run.
 */
export function useNatsLinks(options?: NatsLinkOptions): NatsLinks {
  const server = useNatsServer();
  const links: { nats?: NatsServer; a?: NatsLink; b?: NatsLink } = {};
  beforeAll(async () => {
    const nats = (links.nats = server());
    const logger = createLogger('silent');
    [links.a, links.b] = await Promise.all([connectNats(nats.url, logger, options), connectNats(nats.url, logger, options)]);
  });
  afterAll(async () => {
    await links.a?.close();
    await links.b?.close();
  });
  return links as NatsLinks;
}
