import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, CloseCode, StandardCloseCode, closeCodeForFrameError, closeReasonOf, isRetryableCloseCode } from './close-code.ts';

const codes = Object.values(CloseCode).filter((value): value is CloseCode => typeof value === 'number');

describe('close codes', () => {
  it('are unique application codes with a short reason each', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code).toBeGreaterThanOrEqual(4000);
      expect(code).toBeLessThanOrEqual(4999);
      expect(new TextEncoder().encode(CLOSE_REASONS[code]).byteLength).toBeLessThanOrEqual(123);
    }
  });

  it('map codec errors to close codes', () => {
    expect(closeCodeForFrameError('TOO_LARGE')).toBe(CloseCode.FrameTooLarge);
    expect(closeCodeForFrameError('BAD_CONTROL')).toBe(CloseCode.BadControl);
    expect(closeCodeForFrameError('TRUNCATED')).toBe(CloseCode.BadFrame);
    expect(closeCodeForFrameError('BAD_MAGIC')).toBe(CloseCode.BadFrame);
  });

  it('tell transient closes from final ones', () => {
    for (const code of [1001, 1006, 1011, CloseCode.IdleTimeout, CloseCode.SequenceGap, CloseCode.RateLimited]) {
      expect(isRetryableCloseCode(code)).toBe(true);
    }
    for (const code of [
      1000,
      CloseCode.Revoked,
      CloseCode.StreamDeleted,
      CloseCode.Forbidden,
      CloseCode.SequenceConflict,
      CloseCode.VerificationFailed,
      CloseCode.StreamEnded,
      CloseCode.Superseded,
    ]) {
      expect(isRetryableCloseCode(code)).toBe(false);
    }
  });

  it('name application codes only', () => {
    expect(closeReasonOf(CloseCode.Revoked)).toBe('access revoked');
    expect(closeReasonOf(StandardCloseCode.Normal)).toBeUndefined();
    expect(closeReasonOf(4000)).toBeUndefined();
  });

  it('keep the RFC 6455 numbers of the standard codes', () => {
    expect([StandardCloseCode.Normal, StandardCloseCode.GoingAway, StandardCloseCode.Abnormal, StandardCloseCode.InternalError]).toEqual([
      1000, 1001, 1006, 1011,
    ]);
    expect([StandardCloseCode.ServiceRestart, StandardCloseCode.TryAgainLater]).toEqual([1012, 1013]);
  });
});
