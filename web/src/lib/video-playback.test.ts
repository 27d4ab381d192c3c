import { describe, expect, it } from 'vitest';
import { liveCatchUpMs } from './video-playback';

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
