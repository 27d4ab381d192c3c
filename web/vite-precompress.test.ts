import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './vite-precompress.ts';

describe('precompressDirectory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seccam-precompress-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz copies that decompress to the original, in subdirectories too', async () => {
    const script = Buffer.from(`export const x = ${JSON.stringify('seccam '.repeat(300))};\n`);
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'app.js'), script);
    await writeFile(join(dir, 'index.html'), `<!doctype html>${'<p>x</p>'.repeat(200)}`);
    expect(await precompressDirectory(dir)).toBe(2);
    expect(brotliDecompressSync(await readFile(join(dir, 'assets', 'app.js.br'))).equals(script)).toBe(true);
    expect(gunzipSync(await readFile(join(dir, 'assets', 'app.js.gz'))).equals(script)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['assets', 'index.html', 'index.html.br', 'index.html.gz']);
  });

  it('leaves tiny files and already-compressed formats alone', async () => {
    await writeFile(join(dir, 'tiny.js'), 'console.log(1);');
    await writeFile(join(dir, 'photo.png'), Buffer.alloc(4096, 7));
    expect(await precompressDirectory(dir)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['photo.png', 'tiny.js']);
  });

  it('writes no copy that would be larger than the file', async () => {
    // Random bytes do not compress: both copies would be larger, so neither is written.
    await writeFile(join(dir, 'noise.js'), randomBytes(2048));
    expect(await precompressDirectory(dir)).toBe(1);
    expect(await readdir(dir)).toEqual(['noise.js']);
  });
});
