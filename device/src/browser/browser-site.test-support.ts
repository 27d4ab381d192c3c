/**
 * Test support for the browser entry's tests: bundles a test entry with Vite the way the web
 * app ships (an index.html whose one module publishes the entry's exports on `window.seccamTest`)
 * and serves it to Chromium from memory at http://localhost (a secure context: IndexedDB, Web
 * Locks and WebCodecs all work), through Playwright's request interception.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { launchChromiumContext } from '@seccam/testkit';

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

type TestWindow = { seccamTest?: Record<string, (input: unknown) => unknown> };

/** A test entry's exports (`typeof import(entry)`): functions, each step taking one input. */
type EntrySteps<Entry> = { [K in keyof Entry]: (...args: never[]) => unknown };

/** A test entry's site open in Chromium: its first page, and calls into the entry's exports. */
export interface TestSite<Entry extends EntrySteps<Entry>> {
  readonly context: () => BrowserContext;
  readonly page: () => Page;
  /** Runs export `name` of the entry in the first page with `input`; its (serialisable) result. */
  readonly call: <K extends keyof Entry & string>(name: K, input: Parameters<Entry[K]>[0]) => Promise<Awaited<ReturnType<Entry[K]>>>;
  /** Opens the site in `target` and waits for the entry. */
  readonly load: (target: Page) => Promise<void>;
  /** Reloads the first page (a real reload) and waits for the entry. */
  readonly reload: () => Promise<void>;
}

/**
 * Builds the test entry at `entry` (a URL next to the test) in the describe block's `beforeAll`
 * and opens it in Chromium with a persistent profile (IndexedDB on disk, as in a driver's
 * browser; an ephemeral context keeps it in memory); `afterAll` closes it and removes the
 * temporary directory (named from `tmpPrefix`). `onPage` sees the first page before it loads.
 */
export function useTestSite<Entry extends EntrySteps<Entry>>(
  entry: URL,
  tmpPrefix: string,
  onPage?: (page: Page) => void,
): TestSite<Entry> {
  let dir: string;
  let context: BrowserContext;
  let page: Page;

  const ready = (target: Page): Promise<unknown> =>
    target.waitForFunction(() => (window as unknown as TestWindow).seccamTest !== undefined);
  const load = async (target: Page): Promise<void> => {
    await target.goto(`${SITE_ORIGIN}/`);
    await ready(target);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), tmpPrefix));
    const files = await buildTestSite(fileURLToPath(entry), dir);
    context = await launchChromiumContext(join(dir, 'profile'));
    await serveTestSite(context, files);
    page = context.pages()[0] ?? (await context.newPage());
    onPage?.(page);
    await load(page);
  });

  afterAll(async () => {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  });

  return {
    context: () => context,
    page: () => page,
    call: async (name, input) =>
      (await page.evaluate(([fn, arg]) => ((window as unknown as TestWindow).seccamTest?.[fn] as (x: unknown) => unknown)(arg), [
        name,
        input as unknown,
      ] as const)) as never,
    load,
    reload: async () => {
      await page.reload();
      await ready(page);
    },
  };
}
