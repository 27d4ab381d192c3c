/**
 * The server under test, in a process of its own so its CPU and memory are its alone: one or
 * two real API instances (startTestApi) on a fresh database — in-memory PGlite, or the
 * PostgreSQL database the orchestrator created — with LISTEN/NOTIFY or NATS between them.
 * It registers one driver through the real flows and creates the streams the load needs.
 */
import 'reflect-metadata';
import { deriveSecrets, openDatabase, type Database } from '@seccam/api';
import {
  clientFor,
  createReadyAccount,
  driverAccount,
  login,
  startStream,
  startTestApi,
  type HttpsClient,
  type ReadyAccount,
  type TestApi,
  type TestDatabase,
} from '@seccam/testkit';
import { ownUsage, type BenchStream, type FromServer, type ServerStart, type ToServer } from './protocol.ts';

const LIMITS = {
  ingest: { maxConnectionsPerUser: 10_000 },
  watch: { maxConnectionsPerUser: 10_000 },
  websockets: { maxPerAddress: 10_000 },
} as const;

/** Production's pool size, so the ceiling compares with raw inserts on as many connections. */
const POOL_SIZE = 10;

interface Running {
  readonly apis: TestApi[];
  readonly database: Database;
  /** The driver (primary only). */
  readonly driver: { readonly client: HttpsClient; readonly account: ReadyAccount } | undefined;
}

// The orchestrator went away: so does this process (nothing to answer to).
process.on('disconnect', () => process.exit(0));

function reply(message: FromServer): void {
  // A send after the orchestrator left fails in the callback instead of crashing the process.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

function sql(database: Database): { query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> } {
  return (database.db as unknown as { $client: { query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> } })
    .$client;
}

async function open(url: string | undefined): Promise<TestDatabase> {
  const database = await openDatabase(url ? { url, poolSize: POOL_SIZE } : {});
  return { database, url, drop: () => database.close() };
}

async function start(options: ServerStart): Promise<Running> {
  const secrets = deriveSecrets(options.masterSecret);
  const env: Record<string, string> = options.natsUrl ? { NATS_URL: options.natsUrl } : {};
  const first = await open(options.databaseUrl);
  const a = await startTestApi({ db: first, secrets, env, streamingLimits: LIMITS });
  const apis = [a];
  if (options.instances === 2) {
    // PGlite is in-process: the twin shares it. On PostgreSQL the twin has a pool of its own.
    const second = options.databaseUrl ? await open(options.databaseUrl) : first;
    apis.push(await startTestApi({ db: second, secrets, env, streamingLimits: LIMITS, mailer: a.mailer }));
  }
  if (options.role === 'twin') return { apis, database: first.database, driver: undefined };
  const account = await createReadyAccount(a, driverAccount());
  const client = clientFor(a);
  await login(client, account.contents, account.nextCode);
  return { apis, database: first.database, driver: { client, account } };
}

async function handle(message: ToServer, running: Running | undefined): Promise<Running | undefined> {
  switch (message.type) {
    case 'start': {
      const r = await start(message.start);
      const api = r.apis[0];
      if (!api) throw new Error('no instance');
      reply({
        type: 'started',
        ports: r.apis.map((x) => x.port),
        rootPem: api.pki.rootPem,
        cookie: r.driver?.client.cookieHeader() ?? '',
        contents: r.driver?.account.contents ?? null,
      });
      return r;
    }
    case 'usage':
      reply({ type: 'usage', usage: ownUsage() });
      return running;
    case 'stop':
      for (const api of [...(running?.apis ?? [])].reverse()) await api.stop();
      process.send?.({ type: 'stopped' } satisfies FromServer, () => process.exit(0));
      return undefined;
  }
  if (!running) throw new Error(`${message.type} before start`);
  switch (message.type) {
    case 'streams': {
      const streams: BenchStream[] = [];
      const client = running.driver?.client;
      if (!client) throw new Error('streams are made on the primary');
      for (let i = 0; i < message.count; i++) streams.push(await startStream(client, `fleet ${String(i)}`));
      reply({ type: 'streams', streams });
      return running;
    }
    case 'stored': {
      const { rows } = await sql(running.database).query(
        'SELECT count(*)::int AS n, coalesce(sum(length(header) + length(ciphertext) + length(signature)), 0)::bigint AS b FROM chunks WHERE stream_id = ANY($1::uuid[])',
        [[...message.streamIds]],
      );
      reply({ type: 'stored', frames: Number(rows[0]?.n ?? 0), bytes: Number(rows[0]?.b ?? 0) });
      return running;
    }
    case 'backends': {
      const { rows } =
        running.database.kind === 'postgres'
          ? await sql(running.database).query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
          : { rows: [] };
      reply({ type: 'backends', pids: rows.map((r) => Number(r.pid)) });
      return running;
    }
  }
}

let running: Running | undefined;
let queue = Promise.resolve();
process.on('message', (message: ToServer) => {
  queue = queue.then(async () => {
    try {
      running = await handle(message, running);
    } catch (e) {
      reply({ type: 'failed', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
});
