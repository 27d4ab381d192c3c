import { describe, expect, it } from 'vitest';
import {
  encodeKnownCertificatesStatement,
  knownCertificatesStatementProblem,
  MAX_KNOWN_CERTIFICATES,
} from './known-certificates-statement.ts';

const fields = {
  holder: 'alice',
  at: new Date('2026-12-04T12:00:00Z'),
  certificateSha256Hex: ['0a'.repeat(32), 'f0'.repeat(32)],
};

describe('known-certificates statement', () => {
  it('is the version line, holder, time and one line per fingerprint (pinned bytes)', () => {
    expect(new TextDecoder().decode(encodeKnownCertificatesStatement(fields))).toBe(
      [
        'seccam-known-certificates/v1',
        'holder=alice',
        'at=2026-12-04T12:00:00.000Z',
        `cert=${'0a'.repeat(32)}`,
        `cert=${'f0'.repeat(32)}`,
      ].join('\n'),
    );
  });

  it('refuses fields with another spelling or that could smuggle a line in', () => {
    const bad = [
      { ...fields, holder: 'alice\ncert=00' },
      { ...fields, holder: 'a b' },
      { ...fields, holder: '' },
      { ...fields, at: new Date(Number.NaN) },
      { ...fields, certificateSha256Hex: [] },
      { ...fields, certificateSha256Hex: ['0A'.repeat(32)] },
      { ...fields, certificateSha256Hex: ['f0'.repeat(32), '0a'.repeat(32)] },
      { ...fields, certificateSha256Hex: ['0a'.repeat(32), '0a'.repeat(32)] },
      { ...fields, certificateSha256Hex: Array.from({ length: MAX_KNOWN_CERTIFICATES + 1 }, (_, i) => i.toString(16).padStart(64, '0')) },
      null,
    ];
    for (const value of bad) {
      expect(knownCertificatesStatementProblem(value)).not.toBeNull();
    }
    expect(() => encodeKnownCertificatesStatement({ ...fields, holder: 'a b' })).toThrow(TypeError);
    expect(knownCertificatesStatementProblem(fields)).toBeNull();
  });
});
