import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../binary/hex.ts';
import {
  encodeCertificateRevocationStatement,
  encodeGrantRevocationStatement,
  encodeIngestTakeoverStatement,
  encodeStreamDeletionStatement,
  isFreshActionTime,
} from './action-statements.ts';

const at = new Date('2026-01-02T03:04:05.000Z');
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

// The test vectors of docs/PROTOCOL.md, "Action statements".
describe('action statements', () => {
  it('encodes a grant revocation', () => {
    const bytes = encodeGrantRevocationStatement({
      grantId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f',
      driver: 'alice',
      dispatcher: 'acmeops',
      revokedAt: at,
    });
    expect(text(bytes)).toBe(
      'seccam-grant-revocation/v1\ngrant=0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f\ndriver=alice\ndispatcher=acmeops\nrevoked=2026-01-02T03:04:05.000Z',
    );
    expect(bytesToHex(bytes.subarray(0, 8))).toBe('73656363616d2d67');
  });

  it('encodes a certificate revocation', () => {
    expect(text(encodeCertificateRevocationStatement({ serialHex: '7f3a', holder: 'alice', revokedAt: at }))).toBe(
      'seccam-certificate-revocation/v1\nserial=7f3a\nholder=alice\nrevoked=2026-01-02T03:04:05.000Z',
    );
  });

  it('encodes a stream deletion', () => {
    expect(text(encodeStreamDeletionStatement({ streamId: '11111111-1111-4111-8111-111111111111', owner: 'alice', at }))).toBe(
      'seccam-stream-deletion/v1\nstream=11111111-1111-4111-8111-111111111111\nowner=alice\nat=2026-01-02T03:04:05.000Z',
    );
  });

  it('encodes an ingest takeover', () => {
    expect(text(encodeIngestTakeoverStatement({ streamId: '11111111-1111-4111-8111-111111111111', username: 'alice', at }))).toBe(
      'seccam-ingest-takeover/v1\nstream=11111111-1111-4111-8111-111111111111\nuser=alice\nat=2026-01-02T03:04:05.000Z',
    );
  });

  it('refuses fields that could smuggle a separator', () => {
    expect(() => encodeGrantRevocationStatement({ grantId: 'x\ny', driver: 'alice', dispatcher: 'acmeops', revokedAt: at })).toThrow(
      /grantId/,
    );
    expect(() => encodeCertificateRevocationStatement({ serialHex: '7F3A', holder: 'alice', revokedAt: at })).toThrow(/serialHex/);
    expect(() => encodeStreamDeletionStatement({ streamId: '11111111-1111-4111-8111-111111111111', owner: 'a\nb', at })).toThrow(
      /usernames/,
    );
    expect(() =>
      encodeIngestTakeoverStatement({ streamId: '11111111-1111-4111-8111-111111111111', username: 'alice', at: new Date(NaN) }),
    ).toThrow(/date/);
  });

  it('is fresh within five minutes either way', () => {
    const now = at.getTime();
    expect(isFreshActionTime(new Date(now + 5 * 60_000), now)).toBe(true);
    expect(isFreshActionTime(new Date(now - 5 * 60_000), now)).toBe(true);
    expect(isFreshActionTime(new Date(now + 5 * 60_000 + 1), now)).toBe(false);
    expect(isFreshActionTime(new Date(now - 5 * 60_000 - 1), now)).toBe(false);
  });
});
