/**
 * A private `nats-server` for a test, on a free port of 127.0.0.1 — never the shared one on
 * 4222. The tests of several instances use it as they use nginx: the real binary (Debian's
 * `nats-server`, checked by tools/prerequisites.ts), started and stopped by the test. `kill`
 * and `start` again on the same port stand for a NATS outage and its end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { acceptsConnections, freePort } from './free-port.ts';

/** Debian installs the server in /usr/sbin, which a non-root PATH may lack. */
export const NATS_SERVER_BIN = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

export interface NatsServer {
  readonly port: number;
  /** `nats://127.0.0.1:<port>`, for `NATS_URL`. */
  readonly url: string;
  /** Everything the server logged so far. */
  readonly output: () => string;
  /** True while the process runs. */
  isRunning(): boolean;
  /** Ends the server at once (SIGKILL): its clients see the connection drop, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (after `kill`). */
  start(): Promise<void>;
  /** Ends it for good (SIGTERM); safe to call twice. */
  stop(): Promise<void>;
}

export interface NatsServerOptions {
  /** Require this user name and password of every client. */
  readonly user?: string;
  readonly pass?: string;
}

export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const auth = options.user === undefined ? [] : ['--user', options.user, '--pass', options.pass ?? ''];
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const launch = async (): Promise<void> => {
    const c = spawn(NATS_SERVER_BIN, ['--addr', '127.0.0.1', '--port', String(port), ...auth], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    c.stderr.setEncoding('utf8');
    c.stderr.on('data', (text: string) => (output += text));
    exited = new Promise<void>((resolve) => {
      c.once('close', () => {
        resolve();
      });
      c.once('error', (error) => {
        output += `${error.message}\n`;
        resolve();
      });
    });
    await untilAccepting(port, running, () => output);
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (running()) child?.kill(signal);
    await exited;
  };
  await launch();
  return {
    port,
    url: `nats://127.0.0.1:${String(port)}`,
    output: () => output,
    isRunning: running,
    kill: () => end('SIGKILL'),
    start: async () => {
      if (running()) throw new Error('nats-server is already running');
      await launch();
    },
    stop: () => end('SIGTERM'),
  };
}

async function untilAccepting(port: number, running: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (!running()) throw new Error(`nats-server exited early:\n${output()}`);
    if (await acceptsConnections(port)) return;
    if (Date.now() > deadline) throw new Error(`nats-server did not listen on ${String(port)}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A nats-server of the enclosing describe's own: started before its tests, stopped after them; read it once they run. */
export function useNatsServer(options: NatsServerOptions = {}): () => NatsServer {
  let server: NatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer(options);
  });
  afterAll(() => server?.stop());
  return () => {
    if (server === undefined) throw new Error('the nats-server starts in beforeAll');
    return server;
  };
}
