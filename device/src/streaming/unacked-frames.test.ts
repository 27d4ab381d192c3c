import { describe, expect, it } from 'vitest';
import { UnackedFrames } from './unacked-frames.ts';

const bytes = (n: number): Uint8Array => new Uint8Array(n);

describe('UnackedFrames', () => {
  it('keeps consecutive frames and drops them cumulatively', () => {
    const frames = new UnackedFrames(1000);
    for (let seq = 5; seq < 10; seq++) frames.add(seq, bytes(100));
    expect([frames.count, frames.bytes, frames.firstSeq, frames.lastSeq]).toEqual([5, 500, 5, 9]);
    expect(frames.dropThrough(7)).toBe(3);
    expect([frames.count, frames.bytes, frames.firstSeq, frames.lastSeq]).toEqual([2, 200, 8, 9]);
    expect(frames.dropThrough(7)).toBe(0);
    expect(frames.dropThrough(100)).toBe(2);
    expect([frames.count, frames.bytes, frames.firstSeq, frames.lastSeq]).toEqual([0, 0, null, null]);
    frames.add(42, bytes(1));
    expect(frames.firstSeq).toBe(42);
  });

  it('refuses a frame beyond the byte limit with BUFFER_FULL, and out-of-order seqs', () => {
    const frames = new UnackedFrames(250);
    frames.add(0, bytes(100));
    frames.add(1, bytes(100));
    expect(() => {
      frames.add(2, bytes(100));
    }).toThrow(expect.objectContaining({ code: 'BUFFER_FULL' }));
    expect(frames.count).toBe(2);
    expect(() => {
      frames.add(3, bytes(10));
    }).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
