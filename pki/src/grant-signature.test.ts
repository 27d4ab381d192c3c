import { base64ToBytes, bytesToBase64, encodeGrantStatement, type GrantStatementFields } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { SAMPLE_GRANT } from './fixtures.test-support.ts';
import { signGrantStatement, verifyGrantSignature } from './grant-signature.ts';
import { generateSigKeys } from './seal/seal-fixtures.test-support.ts';
import { isStatementSignedBy } from './statement-signature.ts';

const FIELDS: GrantStatementFields = SAMPLE_GRANT;
const [driver, other] = await Promise.all([generateSigKeys(), generateSigKeys()]);

describe('grant signatures', () => {
  it('sign exactly the grant statement bytes, raw r||s', async () => {
    const signatureB64 = await signGrantStatement(FIELDS, driver.privateKey);
    const signature = base64ToBytes(signatureB64);
    expect(signature).toHaveLength(64);
    expect(await isStatementSignedBy(encodeGrantStatement(FIELDS), signature, driver.publicKey)).toBe(true);
    expect(await verifyGrantSignature(FIELDS, signatureB64, driver.publicKey)).toEqual({ ok: true });
  });

  it('refuse another key, another recipient certificate or scope, and a wrong length', async () => {
    const signatureB64 = await signGrantStatement(FIELDS, driver.privateKey);
    const signature = base64ToBytes(signatureB64);
    const refusals = await Promise.all([
      verifyGrantSignature(FIELDS, signatureB64, other.publicKey),
      verifyGrantSignature({ ...FIELDS, dispatcherEncSerial: '7f3b' }, signatureB64, driver.publicKey),
      verifyGrantSignature(
        { ...FIELDS, scope: 'streams', streamIds: ['11111111-1111-4111-8111-111111111111'] },
        signatureB64,
        driver.publicKey,
      ),
      verifyGrantSignature(FIELDS, '', driver.publicKey),
      verifyGrantSignature(FIELDS, bytesToBase64(signature.subarray(0, 63)), driver.publicKey),
      verifyGrantSignature(FIELDS, bytesToBase64(new Uint8Array([...signature, 0])), driver.publicKey),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('answer malformed for non-base64 signatures and fields no statement can have', async () => {
    const signatureB64 = await signGrantStatement(FIELDS, driver.privateKey);
    for (const bad of ['not base64!', `${signatureB64}\n`, 42 as unknown as string]) {
      expect(await verifyGrantSignature(FIELDS, bad, driver.publicKey)).toMatchObject({ ok: false, reason: 'malformed' });
    }
    expect(await verifyGrantSignature({ ...FIELDS, driver: 'Alice' }, signatureB64, driver.publicKey)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    await expect(signGrantStatement({ ...FIELDS, dispatcher: 'alice' }, driver.privateKey)).rejects.toThrow(TypeError);
  });
});
