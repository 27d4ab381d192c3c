import { describe, expect, it } from 'vitest';
import { fittedSize, liveCatchUpMs } from './video-playback';

describe('liveCatchUpMs', () => {
  it('moves the clock so the newest frame waits at most the edge', () => {
    // A live join's keyframe burst: the newest frame is due 900 ms from now, the edge is 150 ms.
    expect(liveCatchUpMs(10_900, 10_000, 150)).toBe(750);
  });

  it('leaves the clock alone while the newest frame is within the edge', () => {
    expect(liveCatchUpMs(10_150, 10_000, 150)).toBe(0);
    expect(liveCatchUpMs(10_020, 10_000, 150)).toBe(0);
  });

  it('never moves the clock back when frames are late', () => {
    expect(liveCatchUpMs(9_500, 10_000, 150)).toBe(0);
  });
});

describe('fittedSize', () => {
  const coded = { width: 640, height: 480 };

  it('shrinks the picture into a smaller box, its aspect kept, by the tighter side', () => {
    // A wall tile: 16:9 box, 4:3 picture — the height limits.
    expect(fittedSize(coded, { width: 340, height: 191 })).toEqual({ width: 255, height: 191 });
    expect(fittedSize(coded, { width: 320, height: 400 })).toEqual({ width: 320, height: 240 });
  });

  it('never draws above the coded size', () => {
    expect(fittedSize(coded, { width: 1920, height: 1080 })).toEqual(coded);
  });

  it('keeps the coded size while the box is not laid out (hidden)', () => {
    expect(fittedSize(coded, { width: 0, height: 0 })).toEqual(coded);
  });
});
