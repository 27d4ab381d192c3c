import { describe, expect, it } from 'vitest';
import { encodeActionStatement, signActionStatement, verifyActionSignature, type ActionStatement } from './action-signature.ts';
import { SAMPLE_GRANT } from './fixtures.test-support.ts';
import { signGrantStatement } from './grant-signature.ts';
import { generateSigKeys } from './seal/seal-fixtures.test-support.ts';

const at = new Date('2026-01-02T03:04:05.000Z');
const REVOKE: ActionStatement = {
  kind: 'grant-revocation',
  fields: { grantId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f', driver: 'alice', dispatcher: 'acmeops', revokedAt: at },
};
const DELETE: ActionStatement = {
  kind: 'stream-deletion',
  fields: { streamId: '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f', owner: 'alice', at },
};

const [owner, other] = await Promise.all([generateSigKeys(), generateSigKeys()]);

describe('action signatures', () => {
  it('verify with the signer key only', async () => {
    const sig = await signActionStatement(REVOKE, owner.privateKey);
    expect(await verifyActionSignature(REVOKE, sig, owner.publicKey)).toEqual({ ok: true });
    expect(await verifyActionSignature(REVOKE, sig, other.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('cannot be replayed as another kind, another subject or another time', async () => {
    const sig = await signActionStatement(DELETE, owner.privateKey);
    const asTakeover: ActionStatement = { kind: 'ingest-takeover', fields: { streamId: DELETE.fields.streamId, username: 'alice', at } };
    expect(await verifyActionSignature(asTakeover, sig, owner.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
    const later: ActionStatement = { kind: 'stream-deletion', fields: { ...DELETE.fields, at: new Date(at.getTime() + 1) } };
    expect(await verifyActionSignature(later, sig, owner.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
    // A grant signature is no revocation.
    const grantSig = await signGrantStatement({ ...SAMPLE_GRANT, grantId: REVOKE.fields.grantId, createdAt: at }, owner.privateKey);
    expect(await verifyActionSignature(REVOKE, grantSig, owner.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('answer malformed for bad base64 or bad fields', async () => {
    expect(await verifyActionSignature(REVOKE, 'not base64!', owner.publicKey)).toMatchObject({ ok: false, reason: 'malformed' });
    const bad: ActionStatement = { kind: 'stream-deletion', fields: { ...DELETE.fields, owner: 'A\nB' } };
    const sig = await signActionStatement(DELETE, owner.privateKey);
    expect(await verifyActionSignature(bad, sig, owner.publicKey)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(new TextDecoder().decode(encodeActionStatement(REVOKE)).split('\n')[0]).toBe('seccam-grant-revocation/v1');
  });
});
