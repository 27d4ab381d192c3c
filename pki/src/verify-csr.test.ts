import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToBase64 } from '@seccam/schema';
import { ACME, ALICE } from './fixtures.test-support.ts';
import { createIdentityCsrs, type IdentityCsrs } from './identity-csr.ts';
import { generateIdentityKeys, type IdentityKeys } from './identity-keys.ts';
import { opensslScratch, type OpensslScratch } from './node/openssl.test-support.ts';
import { decodePem, encodePem } from './pem.ts';
import { isPkiError } from './pki-error.ts';
import { verifyCsr, type CsrExpectation } from './verify-csr.ts';
import { BasicConstraintsExtension, Pkcs10CertificateRequestGenerator, type JsonName } from './x509.ts';

const rsaParams = (modulusLength: number): RsaHashedKeyGenParams => ({
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
});
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;
const PKCS1_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

async function csrPem(
  name: JsonName | string,
  keys: CryptoKeyPair,
  signingAlgorithm: Algorithm | EcdsaParams = ECDSA_SHA256,
): Promise<string> {
  return (await Pkcs10CertificateRequestGenerator.create({ name, keys, signingAlgorithm })).toString('pem');
}

/** The same DER with its outer length in two bytes (`30 82 00 cb` instead of `30 81 cb`). */
function longFormLength(der: Uint8Array): Uint8Array {
  expect([der[0], der[1]]).toEqual([0x30, 0x81]);
  return Uint8Array.of(0x30, 0x82, 0x00, ...der.subarray(2));
}

const aliceSig: CsrExpectation = { ...ALICE, kind: 'sig' };
const aliceEnc: CsrExpectation = { ...ALICE, kind: 'enc' };
const acmeSig: CsrExpectation = { ...ACME, kind: 'sig' };

describe('verifyCsr', () => {
  let keys: IdentityKeys;
  let csrs: IdentityCsrs;
  let otherEc: CryptoKeyPair;
  let rsa: Record<1024 | 2048 | 4096, CryptoKeyPair>;
  let scratch: OpensslScratch;

  beforeAll(async () => {
    const [identity, other, r1024, r2048, r4096, dir] = await Promise.all([
      generateIdentityKeys(),
      crypto.subtle.generateKey(EC, true, ['sign', 'verify']),
      crypto.subtle.generateKey(rsaParams(1024), true, ['sign', 'verify']),
      crypto.subtle.generateKey(rsaParams(2048), true, ['sign', 'verify']),
      crypto.subtle.generateKey(rsaParams(4096), true, ['sign', 'verify']),
      opensslScratch(),
    ]);
    keys = identity;
    otherEc = other;
    rsa = { 1024: r1024, 2048: r2048, 4096: r4096 };
    scratch = dir;
    csrs = await createIdentityCsrs(ALICE, keys);
  });
  afterAll(() => scratch.remove());

  it('accepts our own CSRs and returns the verified subject and key', async () => {
    const check = await verifyCsr(csrs.sigCsrPem, aliceSig);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.csr).toMatchObject({ kind: 'sig', role: 'driver', subject: { username: 'alice' } });
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.sig.publicKey));
    expect(bytesToBase64(check.csr.spkiDer)).toBe(bytesToBase64(spki));
  });

  it('accepts CSRs made by openssl (independent implementation)', async () => {
    const subj = '/C=DE/O=Acme Insurance/CN=acme-dispatch';
    const sig = await scratch.run([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ec.key',
      '-subj',
      subj,
      '-out',
      'ec.csr',
    ]);
    const enc = await scratch.run(['req', '-new', '-newkey', 'rsa:3072', '-nodes', '-keyout', 'rsa.key', '-subj', subj, '-out', 'rsa.csr']);
    expect(sig.code + enc.code, sig.stderr + enc.stderr).toBe(0);
    const read = (name: string): Promise<string> => readFile(`${scratch.dir}/${name}`, 'utf8');
    expect(await verifyCsr(await read('ec.csr'), acmeSig)).toMatchObject({ ok: true });
    expect(await verifyCsr(await read('rsa.csr'), { ...ACME, kind: 'enc' })).toMatchObject({ ok: true });
  });

  describe('malformed', () => {
    it.each([
      ['garbage', 'hello'],
      ['a certificate label', () => csrs.sigCsrPem.replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE')],
      ['two CSR blocks', () => `${csrs.sigCsrPem}\n${csrs.sigCsrPem}`],
      ['text around the block', () => `junk\n${csrs.sigCsrPem}`],
      ['a broken base64 body', () => csrs.sigCsrPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!')],
      [
        'truncated DER',
        () =>
          csrs.sigCsrPem
            .split('\n')
            .filter((_, i) => i !== 2)
            .join('\n'),
      ],
      ['an empty string', ''],
      ['a non-string', () => 42 as unknown as string],
      // Found by verify-csr.fuzz.test.ts: the ASN.1 parser ignored bytes after the CSR, so this verified.
      [
        'a byte after the DER',
        () => encodePem(Uint8Array.of(...decodePem(csrs.sigCsrPem, 'CERTIFICATE REQUEST'), 0x00), 'CERTIFICATE REQUEST'),
      ],
      [
        'a non-minimal outer length',
        () => encodePem(longFormLength(decodePem(csrs.sigCsrPem, 'CERTIFICATE REQUEST')), 'CERTIFICATE REQUEST'),
      ],
    ])('refuses %s', async (_label, input) => {
      const pem = typeof input === 'function' ? input() : input;
      expect(await verifyCsr(pem, aliceSig)).toEqual({ ok: false, reason: 'malformed' });
    });
  });

  it('refuses a PEM over 16 KiB as too-large before parsing it', async () => {
    const padded = csrs.sigCsrPem.replace('-----END', `${'\n'.repeat(16 * 1024)}-----END`);
    expect(await verifyCsr(padded, aliceSig)).toEqual({ ok: false, reason: 'too-large' });
  });

  describe('bad-signature', () => {
    it('refuses a CSR for our key signed by another key (no proof of possession)', async () => {
      const forged = await csrPem('CN=alice', { publicKey: keys.sig.publicKey, privateKey: otherEc.privateKey });
      expect(await verifyCsr(forged, aliceSig)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('refuses an enc CSR whose signature was made by another RSA key', async () => {
      const spki = await crypto.subtle.exportKey('spki', keys.enc.publicKey);
      const publicKey = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
      const forged = await csrPem('CN=alice', { publicKey, privateKey: rsa[2048].privateKey }, PKCS1_SHA256);
      expect(await verifyCsr(forged, aliceEnc)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a CSR with one flipped bit in its signature', async () => {
      const der = decodePem(csrs.sigCsrPem, 'CERTIFICATE REQUEST');
      der[der.length - 3] = (der[der.length - 3] ?? 0) ^ 0x01;
      expect(await verifyCsr(encodePem(der, 'CERTIFICATE REQUEST'), aliceSig)).toEqual({ ok: false, reason: 'bad-signature' });
    });

    it('refuses a CSR signed with SHA-1', async () => {
      const sha1 = await csrPem('CN=alice', keys.sig, { name: 'ECDSA', hash: 'SHA-1' });
      expect(await verifyCsr(sha1, aliceSig)).toEqual({ ok: false, reason: 'bad-signature' });
    });
  });

  describe('wrong-key-type', () => {
    it('refuses an RSA key for sig and an EC key for enc', async () => {
      expect(await verifyCsr(csrs.encCsrPem, aliceSig)).toEqual({ ok: false, reason: 'wrong-key-type' });
      expect(await verifyCsr(csrs.sigCsrPem, aliceEnc)).toEqual({ ok: false, reason: 'wrong-key-type' });
    });

    it.each([1024, 2048, 4096] as const)('refuses a %i-bit RSA enc key', async (bits) => {
      const pem = await csrPem('CN=alice', rsa[bits], PKCS1_SHA256);
      expect(await verifyCsr(pem, aliceEnc)).toEqual({ ok: false, reason: 'wrong-key-type' });
    });

    it('refuses an EC key on another curve for sig', async () => {
      const p384 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
      const pem = await csrPem('CN=alice', p384, { name: 'ECDSA', hash: 'SHA-256' });
      expect(await verifyCsr(pem, aliceSig)).toEqual({ ok: false, reason: 'wrong-key-type' });
    });
  });

  describe('wrong-subject', () => {
    it.each([
      ['another CN', 'CN=mallory', aliceSig],
      ['an extra OU', 'OU=Fleet, CN=alice', aliceSig],
      ['a repeated CN', 'CN=alice, CN=alice', aliceSig],
      ['a driver with an organisation', 'O=Acme Insurance, CN=alice', aliceSig],
      ['a dispatcher with another organisation', 'C=DE, O=Evil Corp, CN=acme-dispatch', acmeSig],
      ['a dispatcher with another country', 'C=FR, O=Acme Insurance, CN=acme-dispatch', acmeSig],
      ['a dispatcher without a country', 'O=Acme Insurance, CN=acme-dispatch', acmeSig],
      [
        'a full name attribute',
        [{ C: ['DE'] }, { O: ['Acme Insurance'] }, { '2.5.4.41': ['Jane Doe'] }, { CN: ['acme-dispatch'] }],
        acmeSig,
      ],
      ['a multi-valued RDN', [{ CN: ['alice'], O: ['Acme Insurance'] }], aliceSig],
      ['an e-mail attribute', 'E=alice@example.com, CN=alice', aliceSig],
    ] as const)('refuses %s', async (_label, name, expected) => {
      const pem = await csrPem(name as JsonName | string, keys.sig);
      expect(await verifyCsr(pem, expected)).toEqual({ ok: false, reason: 'wrong-subject' });
    });
  });

  it('ignores requested extensions (they are never copied, see issueCertificate)', async () => {
    const asksForCa = await Pkcs10CertificateRequestGenerator.create({
      name: 'CN=alice',
      keys: keys.sig,
      signingAlgorithm: ECDSA_SHA256,
      extensions: [new BasicConstraintsExtension(true, 5, true)],
    });
    expect((await verifyCsr(asksForCa.toString('pem'), aliceSig)).ok).toBe(true);
  });

  it('throws INVALID_ARGUMENT for an expectation that breaks the role rules', async () => {
    await expect(verifyCsr(csrs.sigCsrPem, { ...acmeSig, country: undefined })).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
    await expect(verifyCsr(csrs.sigCsrPem, { ...aliceSig, kind: 'both' as never })).rejects.toSatisfy((e) =>
      isPkiError(e, 'INVALID_ARGUMENT'),
    );
  });
});
