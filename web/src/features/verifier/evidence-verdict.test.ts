import type { EvidenceReport, EvidenceVerification } from '@seccam/device';
import { describe, expect, it } from 'vitest';
import { chainLinkOf, failureTitle, utcTime, verdictKindOf } from './evidence-verdict';

const report = (ended: EvidenceReport['ended']): EvidenceVerification => ({
  ok: true,
  report: {
    streamId: 's',
    driver: 'alice',
    driverCertSerial: '01',
    exporter: 'alice',
    exporterCertSerial: '01',
    exportedAt: '2026-12-03T10:00:00.000Z',
    frames: 3,
    firstSeq: 0,
    lastSeq: 2,
    ended,
    epochs: [0],
    firstCaptureTs: 0,
    lastCaptureTs: 200,
    keys: 'disclosed',
    decrypted: true,
    version: 2,
    log: { status: 'none' },
    knownCertificates: null,
  },
  info: null,
  tracks: [],
  packets: [],
});

describe('the verifier page’s verdicts', () => {
  it('is VERIFIED only with the driver’s signed END; without it INCOMPLETE; any failure NOT VERIFIED', () => {
    expect(verdictKindOf(report('signed'))).toBe('verified');
    expect(verdictKindOf(report('unsigned'))).toBe('incomplete');
    expect(verdictKindOf({ ok: false, reason: 'chain', detail: 'x', seq: 4 })).toBe('not-verified');
  });

  it('names the reason, the seq where there is one, and the container’s code for a malformed file', () => {
    expect(failureTitle({ ok: false, reason: 'signature', detail: 'x', seq: 7 })).toBe(
      'A frame’s signature does not verify: it was changed after the driver signed it (seq 7)',
    );
    expect(failureTitle({ ok: false, reason: 'untrusted-certificate', detail: 'x' })).toBe(
      'A certificate does not chain to the pinned root',
    );
    expect(failureTitle({ ok: false, reason: 'malformed', detail: 'x', code: 'TRUNCATED' })).toBe('The file is cut short');
    expect(failureTitle({ ok: false, reason: 'malformed', detail: 'x' })).toBe('The file is not a well-formed evidence file');
    expect(failureTitle({ ok: false, reason: 'foreign-certificate', detail: 'x' })).toBe('Signed with a certificate the driver never held');
  });

  it('writes times in UTC to the second, whatever the locale', () => {
    expect(utcTime(Date.UTC(2026, 11, 3, 9, 5, 7, 900))).toBe('2026-12-03 09:05:07 UTC');
    expect(utcTime('2026-12-03T10:00:00.000Z')).toBe('2026-12-03 10:00:00 UTC');
  });

  it('lists no entry for a certificate that does not parse (verification names the problem)', async () => {
    expect(await chainLinkOf('Intermediate CA', 'not a certificate')).toBeNull();
  });
});
