/**
 * Vite for the web app. `npm run build:web` writes `web/dist`, which the API (and nginx) serve.
 *
 * `npm run dev` serves the app from Vite's dev server with hot reload, in front of an API that is
 * already running (`npm start`, https://localhost:3443 by default; `SECCAM_API` overrides it):
 * [Note: dev proxy]
 * The API only answers requests whose Origin is its own public origin, and a login signature
 * binds that origin, so the dev server forwards `/graphql`, `/ws/*`, `/pki/*` and `/verify-email`
 * with the Origin rewritten to the API's. The session cookie is `__Host-` and `Secure`, so the dev
 * server speaks HTTPS too, with the API's own TLS certificate from `data/pki` (trust
 * `data/pki/root.pem` once and neither origin warns).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProxyOptions } from 'vite';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { precompress } from './vite-precompress.ts';

const repoRoot = join(import.meta.dirname, '..');
const pkiDir = join(repoRoot, 'data', 'pki');
const apiOrigin = new URL(process.env.SECCAM_API ?? 'https://localhost:3443').origin;

function devTls(): { cert: Buffer; key: Buffer } | undefined {
  const cert = join(pkiDir, 'api.crt');
  const key = join(pkiDir, 'api.key');
  return existsSync(cert) && existsSync(key) ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined;
}

function apiProxy(ws: boolean): ProxyOptions {
  const root = join(pkiDir, 'root.pem');
  return {
    target: apiOrigin,
    ws,
    changeOrigin: true,
    // Trust exactly the platform root the API's certificate chains to.
    ...(existsSync(root) ? { secure: true, ca: readFileSync(root, 'utf8') } : { secure: false }),
    configure: (proxy) => {
      proxy.on('proxyReq', (req) => {
        req.setHeader('origin', apiOrigin);
      });
      proxy.on('proxyReqWs', (req) => {
        req.setHeader('origin', apiOrigin);
      });
    },
  };
}

export default defineConfig({
  plugins: [solid(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    port: 5173,
    strictPort: true,
    https: devTls(),
    proxy: {
      '/graphql': apiProxy(true),
      '/ws': apiProxy(true),
      '/pki': apiProxy(false),
      '/verify-email': apiProxy(false),
      '/healthz': apiProxy(false),
    },
  },
});
