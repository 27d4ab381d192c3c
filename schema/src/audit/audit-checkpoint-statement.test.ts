import { describe, expect, it } from 'vitest';
import { encodeAuditCheckpointStatement } from './audit-checkpoint-statement.ts';

describe('audit checkpoint statement', () => {
  it('is four lines in a fixed order (pinned bytes)', () => {
    const bytes = encodeAuditCheckpointStatement({ entryCount: 42, headMacHex: 'ab'.repeat(32), at: new Date('2026-12-01T21:40:00Z') });
    expect(new TextDecoder().decode(bytes)).toBe(`seccam-audit-checkpoint/v1\n42\n${'ab'.repeat(32)}\n2026-12-01T21:40:00.000Z`);
  });

  it('refuses fields that could smuggle another statement', () => {
    const at = new Date('2026-12-01T21:40:00Z');
    expect(() => encodeAuditCheckpointStatement({ entryCount: -1, headMacHex: 'ab'.repeat(32), at })).toThrow(/entryCount/);
    expect(() => encodeAuditCheckpointStatement({ entryCount: 1.5, headMacHex: 'ab'.repeat(32), at })).toThrow(/entryCount/);
    expect(() => encodeAuditCheckpointStatement({ entryCount: 1, headMacHex: `${'ab'.repeat(31)}\n1`, at })).toThrow(/headMacHex/);
    expect(() => encodeAuditCheckpointStatement({ entryCount: 1, headMacHex: 'AB'.repeat(32), at })).toThrow(/headMacHex/);
    expect(() => encodeAuditCheckpointStatement({ entryCount: 1, headMacHex: 'ab'.repeat(32), at: new Date(NaN) })).toThrow(/date/);
  });
});
