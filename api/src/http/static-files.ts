/**
 * Serves the built web app (`web/dist`) with an SPA fallback to index.html, or a placeholder
 * page when it has not been built.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

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
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
