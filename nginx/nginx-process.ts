/**
 * Runs the real nginx binary on a rendered configuration, unprivileged-style: everything
 * (config, pid, temp dirs, logs) lives under one prefix directory, errors go to stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { acceptsConnections } from '@seccam/testkit';

/** The nginx binary; Debian installs it in /usr/sbin, which a non-root PATH may lack. */
export const NGINX_BIN = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

export interface NginxProcess {
  readonly prefix: string;
  /** Everything nginx wrote to stderr so far. */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

/**
 * `nginx -t` on `configPath`; resolves with nginx's output or rejects with it. stdout is
 * /dev/null rather than a pipe: Node's pipes are sockets, which `access_log /dev/stdout`
 * cannot open (ENXIO), while a container's stdout can.
 */
export async function testNginxConfig(prefix: string, configPath: string): Promise<string> {
  const child = spawn(NGINX_BIN, ['-t', '-p', withSlash(prefix), '-c', configPath, '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`nginx -t failed (${String(code)}):\n${output}`);
  return output;
}

/**
 * Writes `config` to `prefix/nginx.conf`, checks it with `nginx -t`, starts nginx in the
 * foreground and resolves once every port in `ports` accepts TCP connections on 127.0.0.1.
 */
export async function startNginx(prefix: string, config: string, ports: readonly number[]): Promise<NginxProcess> {
  const configPath = join(prefix, 'nginx.conf');
  await writeFile(configPath, config);
  await testNginxConfig(prefix, configPath);

  let output = '';
  const child = spawn(NGINX_BIN, ['-p', withSlash(prefix), '-c', configPath, '-e', 'stderr'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (output += text));
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => {
      resolve();
    });
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve();
    });
  });

  try {
    await waitForPorts(child, ports, () => output);
  } catch (error) {
    child.kill('SIGTERM'); // the master stops its workers; SIGKILL would orphan them
    throw error;
  }
  return {
    prefix,
    stderr: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('freePort: no TCP address');
  return address.port;
}

async function waitForPorts(child: ChildProcess, ports: readonly number[], output: () => string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (const port of ports) {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`nginx exited early:\n${output()}`);
      }
      if (await acceptsConnections(port)) break;
      if (Date.now() > deadline) throw new Error(`nginx did not listen on ${port}:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}
