/**
 * The IndexedDB offline buffer in real Chromium: frames written through survive a reload and come
 * back byte for byte, acked frames are gone, only frame bytes (never a key) are stored, one tab at
 * a time owns a stream's buffer, and damaged or foreign records are set aside rather than resent.
 */
import { describe, expect, it } from 'vitest';
import type * as entry from './indexeddb-frame-store.test-entry.ts';
import { useTestSite } from './browser-site.test-support.ts';

type TestWindow = { seccamTest?: typeof entry };

const STREAM = '0b4f7a3e-5c1d-4e2a-9f00-1234567890ab';
const OTHER = '1b4f7a3e-5c1d-4e2a-9f00-1234567890ab';
const FRAME_BYTES = 78 + 1000 + 16 + 64 - 16; // header + ciphertext (tag included) + signature

describe('IndexedDbFrameStore in Chromium', () => {
  const pageErrors: string[] = [];
  const { call, context, load, reload } = useTestSite<typeof entry>(
    new URL('./indexeddb-frame-store.test-entry.ts', import.meta.url),
    'seccam-idb-store-',
    (page) => page.on('pageerror', (error) => pageErrors.push(error.message)),
  );

  it('keeps unacked frames across a reload, byte for byte, and forgets acked ones', async () => {
    expect(await call('record', { db: 'reload', streamId: STREAM, from: 0, to: 9, ackThrough: 3 })).toBe(6);
    await reload();
    const reopened = await call('reopen', { db: 'reload', streamId: STREAM });
    expect(reopened.restored).toEqual([4, 5, 6, 7, 8, 9].map((seq) => ({ seq, byteLength: FRAME_BYTES })));
    expect(reopened.exact).toBe(true);
    expect(reopened.buffer).toEqual({ count: 6, bytes: 6 * FRAME_BYTES, firstSeq: 4, lastSeq: 9 });
    expect(reopened.warnings).toEqual([]);
    expect(reopened.listed).toEqual([
      { streamId: STREAM, title: 'test drive', openedAtMs: expect.any(Number) as number, frames: 6, bytes: 6 * FRAME_BYTES },
    ]);
  });

  it('stores frame bytes and the stream record only, nothing else', async () => {
    const contents = await call('dump', 'reload');
    expect(Object.keys(contents).sort()).toEqual(['frames', 'recordings', 'set-aside']);
    expect(contents.frames?.map((row) => row.key)).toEqual([4, 5, 6, 7, 8, 9].map((seq) => JSON.stringify([STREAM, seq])));
    expect(contents.frames?.every((row) => row.value.startsWith('b64:'))).toBe(true);
    expect(contents.recordings?.map((row) => Object.keys(JSON.parse(row.value) as object).sort())).toEqual([
      ['openedAtMs', 'streamId', 'title'],
    ]);
    expect(contents['set-aside']).toEqual([]);
  });

  it('lets one tab at a time own a stream buffer', async () => {
    const other = await context().newPage();
    await load(other);
    const refused = await other.evaluate((input) => (window as unknown as TestWindow).seccamTest?.openAgain(input), {
      db: 'reload',
      streamId: STREAM,
    });
    expect(refused).toBe('INVALID_ARGUMENT: this recording is open in another tab: close it there first');
    await other.close();
  });

  it('sets aside frames that do not continue the chain in order, and never resends them', async () => {
    await call('record', { db: 'damage', streamId: STREAM, from: 0, to: 5, ackThrough: null });
    await call('tamper', { db: 'damage', streamId: STREAM, seq: 3, asSeq: 4 });
    await reload();
    const reopened = await call('reopen', { db: 'damage', streamId: STREAM });
    expect(reopened.restored.map((frame) => frame.seq)).toEqual([0, 1, 2]);
    expect(reopened.warnings).toEqual([
      `set aside 3 buffered frame(s) of stream ${STREAM} from seq 3 (a frame with seq 4 where seq 3 belongs): they cannot be resent in order`,
    ]);
    const contents = await call('dump', 'damage');
    expect(contents['set-aside']?.map((row) => row.key)).toEqual([3, 4, 5].map((seq) => JSON.stringify([STREAM, seq])));
    expect(contents.frames?.map((row) => row.key)).toEqual([0, 1, 2].map((seq) => JSON.stringify([STREAM, seq])));
  });

  it('refuses a frame of another stream filed under this one', async () => {
    await call('record', { db: 'foreign', streamId: STREAM, from: 0, to: 1, ackThrough: null });
    await call('tamper', { db: 'foreign', streamId: STREAM, seq: 2, asSeq: 2, otherStream: OTHER });
    await reload();
    const reopened = await call('reopen', { db: 'foreign', streamId: STREAM });
    expect(reopened.restored.map((frame) => frame.seq)).toEqual([0, 1]);
    expect(reopened.warnings[0]).toContain(`(a frame of stream ${OTHER})`);
  });

  it('writes through and discards a finished stream completely (write-through time printed, strict and relaxed)', async () => {
    const strict = await call('measure', { db: 'timing', streamId: STREAM, count: 40, bytes: 25_000, durability: 'strict' });
    const relaxed = await call('measure', { db: 'timing', streamId: OTHER, count: 40, bytes: 25_000, durability: 'relaxed' });
    console.info(
      `IndexedDB put → committed, 25 KB frames: strict p50 ${strict.p50.toFixed(1)} ms p95 ${strict.p95.toFixed(1)} ms; relaxed p50 ${relaxed.p50.toFixed(1)} ms p95 ${relaxed.p95.toFixed(1)} ms`,
    );
    const contents = await call('dump', 'timing');
    expect([contents.frames, contents.recordings]).toEqual([[], []]);
    expect(pageErrors).toEqual([]);
  });
});
