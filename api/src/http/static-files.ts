/**
 * Serves the built web app (`web/dist`) with an SPA fallback to index.html, or a placeholder
 * page when it has not been built.
 *
 * [Note: precompressed static files]
 * The web build writes `<file>.br` and `<file>.gz` beside each compressible file
 * (web/vite-precompress.ts). For such a file the handler sends the copy the request's
 * Accept-Encoding prefers (accept-encoding.ts) with `Content-Encoding` and the original's
 * content type, and every answer for it says `Vary: Accept-Encoding`, so a cache never hands a
 * brotli body to a client that did not ask for one. Nothing is compressed per request.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { chooseStaticCoding, type StaticCoding } from './accept-encoding.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SecCam</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>SecCam API is running</h1>
<p>The web app is not built yet: run <code>npm run build:web</code>.</p>
<p>GraphQL endpoint: <code>/graphql</code>. Platform root certificate: <a href="/pki/root.pem">/pki/root.pem</a>.</p>
</main></body></html>`;

export function serveStatic(req: IncomingMessage, res: ServerResponse, webRoot: string): void {
  const url = new URL(req.url ?? '/', 'https://x');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const indexFile = join(webRoot, 'index.html');
  if (!existsSync(indexFile)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PLACEHOLDER_HTML);
    return;
  }
  const candidate = normalize(join(webRoot, path));
  const inside = candidate === webRoot || candidate.startsWith(webRoot + sep);
  const file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : indexFile;
  const hashed = file.includes(`${sep}assets${sep}`);
  const copies: StaticCoding[] = [];
  if (existsSync(`${file}.br`)) copies.push('br');
  if (existsSync(`${file}.gz`)) copies.push('gzip');
  const coding = chooseStaticCoding(headerValue(req.headers['accept-encoding']), copies);
  const body = coding === 'br' ? `${file}.br` : coding === 'gzip' ? `${file}.gz` : file;
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(body).size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(copies.length > 0 ? { vary: 'Accept-Encoding' } : {}),
    ...(coding !== undefined ? { 'content-encoding': coding } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(body).pipe(res);
}

/** A header that arrived more than once is joined, as RFC 9110 §5.3 allows for list headers. */
function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
