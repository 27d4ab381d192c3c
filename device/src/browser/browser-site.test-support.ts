/**
 * Test support for the browser entry's tests: bundles a test entry with Vite the way the web
 * app ships (an index.html whose one module publishes the entry's exports on `window.seccamTest`)
 * and serves it to Chromium from memory at http://localhost (a secure context: IndexedDB, Web
 * Locks and WebCodecs all work), through Playwright's request interception.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';

export const SITE_ORIGIN = 'http://localhost:4999';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Builds `entry` into `dir/site`; returns the built files by URL path. */
export async function buildTestSite(entry: string, dir: string): Promise<Map<string, { body: Buffer; type: string }>> {
  const src = join(dir, 'src');
  const out = join(dir, 'site');
  await mkdir(src, { recursive: true });
  await writeFile(
    join(src, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>test</title><script type="module" src="/main.ts"></script>\n',
  );
  await writeFile(
    join(src, 'main.ts'),
    `import * as entry from ${JSON.stringify(entry)};\n(window as unknown as { seccamTest?: unknown }).seccamTest = entry;\n`,
  );
  await build({ root: src, configFile: false, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  const files = new Map<string, { body: Buffer; type: string }>();
  const walk = async (at: string, prefix: string): Promise<void> => {
    for (const item of await readdir(at, { withFileTypes: true })) {
      const path = join(at, item.name);
      if (item.isDirectory()) await walk(path, `${prefix}${item.name}/`);
      else
        files.set(`${prefix}${item.name}`, { body: await readFile(path), type: TYPES[extname(item.name)] ?? 'application/octet-stream' });
    }
  };
  await walk(out, '/');
  return files;
}

/** Serves `files` to every page of `context` at {@link SITE_ORIGIN}. */
export async function serveTestSite(context: BrowserContext, files: Map<string, { body: Buffer; type: string }>): Promise<void> {
  await context.route(`${SITE_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = files.get(path === '/' ? '/index.html' : path);
    return file === undefined
      ? route.fulfill({ status: 404, body: 'not found' })
      : route.fulfill({ status: 200, body: file.body, contentType: file.type });
  });
}
