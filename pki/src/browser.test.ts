import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const esbuild = fileURLToPath(new URL('../../node_modules/.bin/esbuild', import.meta.url));
const entry = fileURLToPath(new URL('./browser-smoke.test-entry.ts', import.meta.url));

describe('@seccam/pki in Chromium', () => {
  let dir: string;
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-pki-browser-'));
    const bundle = join(dir, 'smoke.js');
    // Bundled for the browser platform: a Node built-in anywhere in src/*.ts fails the build.
    await run(esbuild, [entry, '--bundle', '--platform=browser', '--format=esm', `--outfile=${bundle}`, '--log-level=error']);
    const script = await readFile(bundle, 'utf8');
    server = createServer((request, response) => {
      if (request.url === '/smoke.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else response.writeHead(200, { 'content-type': 'text/html' }).end('<script type="module" src="/smoke.js"></script>');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser.close();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('issues, verifies, seals and signs with the browser WebCrypto', async () => {
    const page = await browser.newPage();
    await page.goto(origin);
    const smoke = () => (window as unknown as { smoke?: Record<string, unknown> }).smoke;
    await page.waitForFunction(smoke, undefined, { timeout: 60_000 });
    expect(await page.evaluate(smoke)).toEqual({
      chain: true,
      impostor: 'untrusted-root',
      revoked: 'revoked',
      bundle: true,
      login: true,
    });
  });
});
