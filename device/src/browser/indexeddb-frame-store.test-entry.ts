/**
 * Test support: runs in Chromium (bundled by indexeddb-frame-store.test.ts). Each export is one
 * step the test drives through `page.evaluate`; a reload between steps is a real page reload.
 */
import { bytesToBase64 } from '@seccam/schema';
import { unsealedFrame } from '../streaming/frame-store.test-support.ts';
import { UnackedFrames } from '../streaming/unacked-frames.ts';
import { IndexedDbFrameStore, listOfflineBuffers, type OfflineBufferInfo } from './indexeddb-frame-store.ts';
import { openRaw, putRaw } from './indexeddb-raw.test-support.ts';
import { request } from './indexeddb-request.ts';

/** A well-formed frame (the store checks framing and seq, not the cryptography). */
export function frame(streamId: string, seq: number, ciphertextBytes = 1000): Uint8Array {
  return unsealedFrame(streamId, seq, ciphertextBytes);
}

const held: IndexedDbFrameStore[] = [];

/** Puts frames `from..to`, acks (deletes) through `ackThrough`, waits for the writes; leaves the store open (a reload follows). */
export async function record(input: {
  db: string;
  streamId: string;
  from: number;
  to: number;
  ackThrough: number | null;
}): Promise<number> {
  const store = await IndexedDbFrameStore.open({ streamId: input.streamId, databaseName: input.db, title: 'test drive' });
  held.push(store);
  const buffer = new UnackedFrames(64 * 1024 * 1024, store);
  for (let seq = input.from; seq <= input.to; seq++) buffer.add(seq, frame(input.streamId, seq));
  if (input.ackThrough !== null) buffer.dropThrough(input.ackThrough);
  await store.flushed();
  return store.count;
}

export interface Reopened {
  readonly restored: readonly { seq: number; byteLength: number }[];
  /** Every restored frame equals the frame put at its seq. */
  readonly exact: boolean;
  readonly buffer: { count: number; bytes: number; firstSeq: number | null; lastSeq: number | null };
  readonly warnings: readonly string[];
  readonly listed: readonly OfflineBufferInfo[];
}

/** Opens the stream's store as a new page would and reports what it restored. */
export async function reopen(input: { db: string; streamId: string }): Promise<Reopened> {
  const warnings: string[] = [];
  const listed = await listOfflineBuffers(input.db);
  const store = await IndexedDbFrameStore.open({ streamId: input.streamId, databaseName: input.db, onWarning: (m) => warnings.push(m) });
  held.push(store);
  const restored = store.restored();
  const exact = restored.every(
    ({ seq }) => bytesToBase64(store.get(seq) ?? new Uint8Array()) === bytesToBase64(frame(input.streamId, seq)),
  );
  const buffer = new UnackedFrames(64 * 1024 * 1024, store);
  return {
    restored,
    exact,
    buffer: { count: buffer.count, bytes: buffer.bytes, firstSeq: buffer.firstSeq, lastSeq: buffer.lastSeq },
    warnings,
    listed,
  };
}

/** Tries to open a stream's store a second time (another tab holds it): the refusal's message, or 'opened'. */
export async function openAgain(input: { db: string; streamId: string }): Promise<string> {
  try {
    const store = await IndexedDbFrameStore.open({ streamId: input.streamId, databaseName: input.db });
    await store.close();
    return 'opened';
  } catch (error) {
    return `${(error as { code?: string }).code ?? '?'}: ${(error as Error).message}`;
  }
}

/** Everything the database holds, each value as base64 (frames) or JSON (stream records). */
export async function dump(db: string): Promise<Record<string, { key: string; value: string }[]>> {
  const database = await openRaw(db);
  const out: Record<string, { key: string; value: string }[]> = {};
  for (const name of database.objectStoreNames) {
    const tx = database.transaction(name, 'readonly');
    const keys = await request<IDBValidKey[]>(tx.objectStore(name).getAllKeys());
    const values = await request<unknown[]>(tx.objectStore(name).getAll());
    out[name] = keys.map((key, i) => {
      const value: unknown = values[i];
      return { key: JSON.stringify(key), value: value instanceof Uint8Array ? `b64:${bytesToBase64(value)}` : JSON.stringify(value) };
    });
  }
  database.close();
  return out;
}

/** Writes a raw value at [streamId, seq], bypassing the store (damage the next open must notice). */
export async function tamper(input: { db: string; streamId: string; seq: number; asSeq: number; otherStream?: string }): Promise<void> {
  await putRaw(await openRaw(input.db), 'frames', frame(input.otherStream ?? input.streamId, input.asSeq), [input.streamId, input.seq]);
}

/** Write-through cost: ms from the first `put` of `count` frames of `bytes` until they are committed, per durability. */
export async function measure(input: { db: string; streamId: string; count: number; bytes: number; durability: 'strict' | 'relaxed' }) {
  const store = await IndexedDbFrameStore.open({ streamId: input.streamId, databaseName: input.db, durability: input.durability });
  const samples: number[] = [];
  for (let seq = 0; seq < input.count; seq++) {
    const bytes = frame(input.streamId, seq, input.bytes);
    const started = performance.now();
    store.put(seq, bytes);
    await store.flushed();
    samples.push(performance.now() - started);
    store.delete(seq);
  }
  await store.discard();
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(samples.length / 2)] ?? 0, p95: samples[Math.floor(samples.length * 0.95)] ?? 0 };
}
