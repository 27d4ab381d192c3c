import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hexToBytes } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { createRootCa } from './certificate-authority.ts';
import { encodePem } from './pem.ts';
import { certificateVerificationCode, verificationCodeOfFingerprint } from './verification-code.ts';

const run = promisify(execFile);

describe('verification codes', () => {
  it('reads the fingerprint as six 40-bit groups, each modulo 100 000 (docs/PROTOCOL.md §12 vectors)', async () => {
    const counting = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(verificationCodeOfFingerprint(counting)).toBe('09060 60585 12110 63635 15160 66685');
    expect(verificationCodeOfFingerprint(new Uint8Array(32))).toBe('00000 00000 00000 00000 00000 00000');
    // SHA-256(30 03 02 01 05) = 417c7763…d729
    expect(await certificateVerificationCode(encodePem(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05), 'CERTIFICATE'))).toBe(
      '73348 72999 35202 09146 18040 14150',
    );
  });

  it('is the code of the fingerprint openssl prints for the certificate', async () => {
    const root = await createRootCa({ commonName: 'Verification Code Test Root' });
    const dir = await mkdtemp(join(tmpdir(), 'seccam-vcode-'));
    try {
      const file = join(dir, 'root.pem');
      await writeFile(file, `${root.certPem}\n`);
      const { stdout } = await run('openssl', ['x509', '-in', file, '-noout', '-fingerprint', '-sha256']);
      const hex = /=([0-9A-F:]+)\s*$/.exec(stdout)?.[1]?.replaceAll(':', '').toLowerCase() ?? '';
      expect(hex).toMatch(/^[0-9a-f]{64}$/);
      expect(await certificateVerificationCode(root.certPem)).toBe(verificationCodeOfFingerprint(hexToBytes(hex)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('differs when one byte of the certificate differs, and refuses what is not one certificate', async () => {
    const der = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05);
    const changed = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x06);
    expect(await certificateVerificationCode(encodePem(der, 'CERTIFICATE'))).not.toBe(
      await certificateVerificationCode(encodePem(changed, 'CERTIFICATE')),
    );
    await expect(certificateVerificationCode(encodePem(der, 'PUBLIC KEY'))).rejects.toMatchObject({ code: 'PEM_MALFORMED' });
    expect(() => verificationCodeOfFingerprint(new Uint8Array(31))).toThrow(RangeError);
  });
});
