// Test support only: how the authorisation matrix opens sockets and knows a subscription is live.
import { readFileSync } from 'node:fs';
import { causeUntilSeen, graphqlWsClient, openWs, type ReadyAccount, startStream, upgradeStatus } from '@seccam/testkit';
import { grantTo, type Outcome, type Party, type Principal, usernameOf, type World } from './authorization-matrix.test-support.ts';

/**
 * streamEvents over graphql-ws: refused at the upgrade (`http <status>`), with the error's code or a
 * close, else `ok` once a query
 * sent after it on the same socket has answered with the subscription still standing (the
 * protocol has no "subscribed" reply; a refusal is raised synchronously when it starts).
 */
export async function subscribeOutcome(world: World, party: Party): Promise<Outcome> {
  const status = await upgradeStatus(openWs(world.api, '/graphql', { client: party.client, protocol: 'graphql-transport-ws' }));
  if (status !== 101) return `http ${status}`;
  const client = graphqlWsClient(world.api, party.client);
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    client.on('closed', (e) => {
      done(`close ${(e as { code?: number }).code ?? 0}`);
    });
    client.subscribe(
      { query: 'subscription { streamEvents { __typename } }' },
      {
        next: (r) => {
          done(r.errors ? String(r.errors[0]?.extensions?.code) : 'ok');
        },
        error: (e) => {
          const code = (e as { extensions?: { code?: string } }[])[0]?.extensions?.code;
          done(code ?? (typeof (e as { code?: unknown }).code === 'number' ? `close ${(e as { code: number }).code}` : 'error'));
        },
        complete: () => {
          done('completed');
        },
      },
    );
    client.subscribe(
      { query: '{ treeHead { treeSize } }' },
      {
        next: () => undefined,
        error: () => undefined,
        complete: () => {
          setTimeout(() => {
            done('ok');
          }, 100);
        },
      },
    );
  }).finally(() => client.dispose());
}

/** Opens `path` with the principal's cookie, sends `first`, and reports `ok` when `okType` arrives. */
export function socketOutcome(
  world: World,
  party: Party,
  path: string,
  first: object,
  okType: string,
  protocol?: string,
): Promise<Outcome> {
  const ws = openWs(world.api, path, { client: party.client, ...(protocol ? { protocol } : {}) });
  return new Promise<Outcome>((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      resolve(`http ${res.statusCode ?? 0}`);
      res.resume();
    });
    ws.once('open', () => {
      ws.send(JSON.stringify(first));
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary && (JSON.parse((data as Buffer).toString('utf8')) as { type: string }).type === okType) resolve('ok');
    });
    ws.once('close', (code) => {
      resolve(`close ${code}`);
    });
    ws.once('error', reject);
  }).finally(() => {
    ws.terminate();
  });
}

export interface HeardEvent {
  readonly kind: string;
  readonly streamId: string | null;
  readonly grantId: string | null;
}

/**
 * Causes an event `principal` hears — a new grant it is party to: the owner's to `granted` for a
 * fresh stream, otherDriver's to `granted`, otherDriver's to each dispatcher — until it is heard.
 * A subscription delivers its events in order, so once the marker is heard every earlier event is.
 */
export async function markerHeard(world: World, principal: Principal, heard: () => readonly HeardEvent[]): Promise<void> {
  const by = world.parties[principal === 'owner' ? 'owner' : 'otherDriver'];
  const to: Principal = principal === 'owner' || principal === 'otherDriver' ? 'granted' : principal;
  const driver = (by.account as ReadyAccount).contents;
  const ids = new Set<string>();
  await causeUntilSeen(
    async () => {
      const streamIds = principal === 'owner' ? [(await startStream(by.client)).id] : [];
      const times = { createdAt: new Date(), expiresAt: null };
      ids.add(await grantTo(by.client, driver, usernameOf(world, to), world.encSerials[to] ?? '', times, streamIds));
    },
    () => heard().some((e) => e.kind === 'shared' && e.grantId !== null && ids.has(e.grantId)),
  );
}

/** The WebSocket paths the API's upgrade router serves, read from where they are registered. */
export function registeredSocketPaths(): string[] {
  const sources = ['../http/websockets.ts', '../streaming/streaming.ts'].map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'));
  const paths = sources.flatMap((s) => [...s.matchAll(/\[\s*'(\/[a-z/-]+)',\s*\w+(?:\.route|Route)\s*\]/g)].map((m) => m[1] as string));
  return [...new Set(paths)].sort();
}
