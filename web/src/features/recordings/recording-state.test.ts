import { describe, expect, it } from 'vitest';
import { recordingLengthOf, recordingStateOf } from './recording-state';

describe('recording state', () => {
  it('is ended only with a signed END, else ended unsigned at the last seq, live only when seen live', () => {
    expect(recordingStateOf({ endedAt: null, lastSeq: null })).toEqual({ kind: 'empty', label: 'No frames yet' });
    expect(recordingStateOf({ endedAt: '2026-12-02T01:00:00.000Z', lastSeq: 41 })).toEqual({ kind: 'ended', label: 'Ended', lastSeq: 41 });
    expect(recordingStateOf({ endedAt: null, lastSeq: 17 })).toEqual({ kind: 'unsigned', label: 'Ended unsigned at seq 17', lastSeq: 17 });
    expect(recordingStateOf({ endedAt: null, lastSeq: 17 }, true)).toMatchObject({ kind: 'live', label: 'Live' });
    expect(recordingStateOf({ endedAt: '2026-12-02T01:00:00.000Z', lastSeq: 41 }, true).kind).toBe('ended');
  });

  it('measures an ended recording from its first capture to its END, and estimates an open one from its frames', () => {
    expect(recordingLengthOf({ frameCount: 41, startedAt: '2026-12-02T01:00:00.000Z', endedAt: '2026-12-02T01:00:04.250Z' })).toEqual({
      ms: 4250,
      approximate: false,
    });
    expect(recordingLengthOf({ frameCount: 40, startedAt: '2026-12-02T01:00:00.000Z', endedAt: null })).toEqual({
      ms: 4000,
      approximate: true,
    });
    expect(recordingLengthOf({ frameCount: 0, startedAt: null, endedAt: null })).toEqual({ ms: 0, approximate: true });
  });
});
