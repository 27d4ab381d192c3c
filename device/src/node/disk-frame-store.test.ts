import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsealedFrame } from '../streaming/frame-store.test-support.ts';
import { UnackedFrames } from '../streaming/unacked-frames.ts';
import { DiskFrameStore } from './disk-frame-store.ts';

const STREAM = '0b4f7a3e-5c1d-4e2a-9f00-1234567890ab';
const OTHER = '1b4f7a3e-5c1d-4e2a-9f00-1234567890ab';

/** A well-formed frame (the store checks framing and seq, not the cryptography). */
function frame(seq: number, ciphertextBytes = 100, streamId = STREAM): Uint8Array {
  return unsealedFrame(streamId, seq, ciphertextBytes);
}

describe('DiskFrameStore', () => {
  let dir: string;
  let warnings: string[];
  const open = (segmentBytes?: number): DiskFrameStore =>
    new DiskFrameStore(dir, {
      streamId: STREAM,
      onWarning: (message) => warnings.push(message),
      ...(segmentBytes === undefined ? {} : { segmentBytes }),
    });
  const segments = (): string[] => readdirSync(dir).filter((name) => name.endsWith('.seg'));

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'seccam-store-')), 'stream');
    warnings = [];
  });
  afterEach(() => {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('appends frames, reads them back byte for byte and survives a reopen', () => {
    const store = open();
    for (let seq = 0; seq < 5; seq++) store.put(seq, frame(seq));
    expect(store.get(3)).toEqual(frame(3));
    store.close();
    const again = open();
    expect(again.restored()).toEqual([0, 1, 2, 3, 4].map((seq) => ({ seq, byteLength: frame(seq).byteLength })));
    expect(again.get(4)).toEqual(frame(4));
    again.put(5, frame(5));
    expect(again.get(5)).toEqual(frame(5));
    expect(warnings).toEqual([]);
    again.close();
  });

  it('trims acked frames segment by segment and deletes nothing unacked', () => {
    const size = frame(0).byteLength + 12;
    const store = open(size * 3); // three records per segment
    const frames = new UnackedFrames(1_000_000, store);
    for (let seq = 0; seq < 8; seq++) frames.add(seq, frame(seq));
    expect(segments()).toHaveLength(3);
    frames.dropThrough(3); // the first segment (0-2) is all acked; 3 is half of the second
    expect(segments()).toHaveLength(2);
    expect(store.get(3)).toBeUndefined();
    expect(store.get(4)).toEqual(frame(4));
    frames.dropThrough(7);
    expect(segments()).toHaveLength(0);
    frames.add(8, frame(8));
    store.close();
    expect(new UnackedFrames(1_000_000, open()).firstSeq).toBe(8);
  });

  it('after a crash, takes the kept frames over as unacked and drops a torn last record with a warning', () => {
    const store = open();
    for (let seq = 10; seq < 14; seq++) store.put(seq, frame(seq));
    // A crash mid-write: the process dies (the lock stays) and half of the last record is on disk.
    const [segment = ''] = segments();
    const path = join(dir, segment);
    truncateSync(path, statSync(path).size - 40);
    writeFileSync(join(dir, 'lock'), '999999999\n');

    const reopened = open();
    const frames = new UnackedFrames(1_000_000, reopened);
    expect([frames.firstSeq, frames.lastSeq, frames.count]).toEqual([10, 12, 3]);
    expect(warnings).toEqual([
      expect.stringMatching(/dropped a torn record at the end of .* \(short frame\): written during a crash, never sent/),
    ]);
    // The torn bytes are gone, so the next frame follows seq 12 cleanly.
    frames.add(13, frame(13));
    reopened.close();
    expect(new UnackedFrames(1_000_000, open()).lastSeq).toBe(13);
  });

  it('refuses garbage, another stream and a wrong seq at the tail, and sets aside segments it cannot resend in order', () => {
    const size = frame(0).byteLength + 12;
    const store = open(size * 2);
    for (let seq = 0; seq < 6; seq++) store.put(seq, frame(seq));
    store.close();
    const [first = '', second = ''] = segments();
    // Flip a byte in the middle segment: its second record fails the CRC.
    const middle = join(dir, second);
    const bytes = new Uint8Array(readFileSync(middle));
    bytes[size + 50] = (bytes[size + 50] ?? 0) ^ 1;
    writeFileSync(middle, bytes);
    appendFileSync(join(dir, first), Buffer.from('not a record'));

    const frames = new UnackedFrames(1_000_000, open(size * 2));
    expect([frames.firstSeq, frames.lastSeq]).toEqual([0, 1]);
    expect(warnings.join('\n')).toMatch(/dropped a damaged record .* \(bad magic\)/);
    expect(warnings.join('\n')).toMatch(/set aside 2 buffer segment\(s\)/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.damaged'))).toHaveLength(2);

    rmSync(dir, { recursive: true });
    const fresh = open();
    fresh.put(0, frame(0, 100, OTHER));
    fresh.close();
    warnings = [];
    expect(open().restored()).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/a frame of stream 1b4f7a3e/)]);
  });

  it('reports a full buffer instead of dropping stored frames, and refuses a second process', () => {
    const store = open();
    const frames = new UnackedFrames(3 * frame(0).byteLength, store);
    for (let seq = 0; seq < 3; seq++) frames.add(seq, frame(seq));
    expect(() => {
      frames.add(3, frame(3));
    }).toThrow(/offline buffer is full: 3 unacknowledged frames/);
    expect(frames.count).toBe(3);
    expect(store.get(0)).toEqual(frame(0));
    expect(() => open()).not.toThrow(); // same process: allowed (a reopen after close)
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    expect(() => open()).toThrow(/is in use by process/);
    expect(existsSync(join(dir, 'lock'))).toBe(true);
  });
});
