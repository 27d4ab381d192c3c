/**
 * Graceful shutdown ([Note: graceful shutdown] in app.ts): `App.close()` stops accepting, lets an
 * ingest socket store and ack what it received, and closes every WebSocket with 1001; the real
 * process (`main.ts`) does the same on SIGTERM and exits 0.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  clientFor,
  createReadyAccount,
  createTestDatabase,
  driverAccount,
  FrameSealer,
  graphqlWsClient,
  login,
  postgresServerUrl,
  startStream,
  startTestApi,
  TestSocket,
} from '@seccam/testkit';
import { StandardCloseCode } from '@seccam/schema';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function getStatus(url: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { ca, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('graceful shutdown', () => {
  it('stores and acks what ingest received, closes every WebSocket with 1001, then refuses connections', async () => {
    const db = await createTestDatabase();
    const api = await startTestApi({ db, streamingLimits: { shutdownGraceMs: 5000 } });
    const account = await createReadyAccount(api, driverAccount());
    const client = clientFor(api);
    await login(client, account.contents, account.nextCode);
    const stream = await startStream(client);
    const sealer = await FrameSealer.forAccount(stream, account.contents);
    const ingest = await TestSocket.ingest(api, client, stream.id);
    const viewer = await TestSocket.watch(api, client, stream.id);
    const gql = graphqlWsClient(api, client, { lazy: false });
    const gqlClosed = new Promise<{ code: number }>((resolve) =>
      gql.on('closed', (e) => {
        resolve(e as { code: number });
      }),
    );
    await new Promise((resolve) => gql.on('connected', resolve));

    for (const f of await sealer.many(20)) ingest.sendFrame(f);
    await ingest.until((x) => x.lastAck() !== null);
    await api.app.close();

    const closes = await Promise.all([ingest.closed, viewer.closed, gqlClosed]);
    expect(closes.map((c) => c.code)).toEqual([StandardCloseCode.GoingAway, StandardCloseCode.GoingAway, StandardCloseCode.GoingAway]);
    expect((await ingest.closed).reason).toBe('server shutting down');
    // Whatever was stored before the close was acked first: the recorder loses nothing it dropped.
    const stored = await api.app.services.chunks.range(stream.id, 0, 100);
    expect(stored.length).toBeGreaterThan(0);
    expect(ingest.lastAck()).toBe(stored.length - 1);
    await expect(getStatus(`${api.baseUrl}/healthz`, api.pki.rootPem)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await db.drop();
  });

  it('main.ts exits 0 on SIGTERM after closing cleanly', async () => {
    const db = await createTestDatabase(postgresServerUrl());
    const dataDir = mkdtempSync(join(tmpdir(), 'seccam-main-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          PORT: '0',
          DATA_DIR: dataDir,
          DATABASE_URL: db.url,
          LOG_LEVEL: 'info',
          WEB_ROOT: join(dataDir, 'no-web'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      await expect.poll(() => /SecCam is up: (https:\/\/\S+)/.exec(stdout)?.[1], { timeout: 60_000, interval: 200 }).toBeDefined();
      const base = /SecCam is up: (https:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      const ca = readFileSync(join(dataDir, 'pki', 'root.pem'), 'utf8');
      expect(await getStatus(`${base}/healthz`, ca)).toBe(200);

      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(stderr).toContain('SIGTERM: shutting down');
      expect(stderr).toContain('shut down cleanly');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
