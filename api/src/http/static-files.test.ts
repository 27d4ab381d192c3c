/**
 * The API's static handler over real HTTPS: precompressed copies of the web build are sent with
 * the right Content-Encoding for the request's Accept-Encoding, with Vary, the original's
 * content type and a length matching the bytes; files without copies go out as they are.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestApi, type TestApi } from '@seccam/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

describe('static files', () => {
  let dir: string;
  let api: TestApi;
  const script = Buffer.from(`export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`);
  const html = Buffer.from(`<!doctype html><html><head><title>SecCam</title></head><body>${'<p>app</p>'.repeat(100)}</body></html>`);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = request(new URL(path, api.baseUrl), { method, headers, ca: api.pki.rootPem, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.on('error', reject).end();
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-static-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), html);
    await writeFile(join(dir, 'index.html.br'), brotliCompressSync(html));
    await writeFile(join(dir, 'index.html.gz'), gzipSync(html));
    await writeFile(join(dir, 'assets', 'app-1234.js'), script);
    await writeFile(join(dir, 'assets', 'app-1234.js.br'), brotliCompressSync(script));
    await writeFile(join(dir, 'assets', 'app-1234.js.gz'), gzipSync(script));
    await writeFile(join(dir, 'assets', 'logo.png'), png);
    api = await startTestApi({ env: { WEB_ROOT: dir } });
  });

  afterAll(async () => {
    await api.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the brotli copy to a browser that accepts br, with the original type and Vary', async () => {
    const res = await get('/assets/app-1234.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(brotliDecompressSync(res.body).equals(script)).toBe(true);
    expect(res.body.length).toBeLessThan(script.length / 4);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0)', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8']) {
      const res = await get('/assets/app-1234.js', { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(res.body).equals(script), accept).toBe(true);
    }
  });

  it('sends the file as it is without Accept-Encoding or when every copy is refused, still with Vary', async () => {
    const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }];
    for (const headers of variants) {
      const res = await get('/assets/app-1234.js', headers);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.body.equals(script)).toBe(true);
    }
  });

  it('compresses the SPA fallback (index.html for a client route) the same way', async () => {
    const res = await get('/record', { 'accept-encoding': 'br' });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(res.body).equals(html)).toBe(true);
  });

  it('answers HEAD with the headers of the chosen copy and no body', async () => {
    const res = await get('/assets/app-1234.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(Number(res.headers['content-length'])).toBe(gzipSync(script).length);
    expect(res.body.length).toBe(0);
  });

  it('sends files without copies unencoded and without Vary', async () => {
    const res = await get('/assets/logo.png', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
    expect(res.body.equals(png)).toBe(true);
  });
});
