import { createHash } from 'node:crypto';
import { FrameFlags, bytesToHex, decodeFrame } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { isPkiError } from '../pki-error.ts';
import { chainHash, genesisPrevHash } from './chain-hash.ts';
import { EPOCH_SECRET_BYTES, exportEpochKey, frameNonce, generateEpochKey, importEpochKey } from './epoch-key.ts';
import { openFrame } from './open-frame.ts';
import { generateSigKeys, must } from './seal-fixtures.test-support.ts';
import { sealFrame } from './seal-frame.ts';

const STREAM = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';
const OTHER_STREAM = '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5';

describe('epoch keys and nonces', () => {
  it('never repeat a nonce across seqs and epochs', async () => {
    const keys = await Promise.all([0, 1, 2].map((epoch) => generateEpochKey({ streamId: STREAM, epoch })));
    const seen = new Set<string>();
    for (const key of keys) {
      for (let seq = 0; seq < 2000; seq++) seen.add(bytesToHex(frameNonce(key, seq)));
    }
    expect(seen.size).toBe(3 * 2000);
  });

  it('derive the nonce as salt XOR seq, deterministically', async () => {
    const key = await generateEpochKey({ streamId: STREAM, epoch: 0 });
    const salt = frameNonce(key, 0);
    expect(salt.byteLength).toBe(12);
    expect(frameNonce(key, 7)).toEqual(frameNonce(key, 7));
    const nonce = frameNonce(key, 0x0102_0304_0506);
    const xor = nonce.map((byte, i) => byte ^ (salt[i] ?? 0));
    expect(bytesToHex(xor)).toBe('000000000000010203040506');
    const max = frameNonce(key, Number.MAX_SAFE_INTEGER).map((byte, i) => byte ^ (salt[i] ?? 0));
    expect(bytesToHex(max)).toBe('00000000001fffffffffffff');
    expect(() => frameNonce(key, -1)).toThrow();
    expect(() => frameNonce(key, 2 ** 53)).toThrow();
  });

  it('bind the derived key and salt to stream and epoch, even for one reused secret', async () => {
    const secret = crypto.getRandomValues(new Uint8Array(EPOCH_SECRET_BYTES));
    const contexts = [
      { streamId: STREAM, epoch: 0 },
      { streamId: STREAM, epoch: 1 },
      { streamId: OTHER_STREAM, epoch: 0 },
    ];
    const keys = await Promise.all(contexts.map((context) => importEpochKey(secret, context)));
    const salts = new Set(keys.map((key) => bytesToHex(frameNonce(key, 0))));
    expect(salts.size).toBe(3);
    // A frame sealed under one context does not open under the same secret in another.
    const sig = await generateSigKeys();
    const sealed = await sealFrame({
      streamId: STREAM,
      epoch: 0,
      seq: 0,
      captureTs: 0,
      flags: FrameFlags.END,
      prevHash: new Uint8Array(32),
      payload: Uint8Array.of(1, 2, 3),
      epochKey: must(keys[0]),
      sigPrivateKey: sig.privateKey,
    });
    const frame = decodeFrame(sealed.frameBytes);
    expect(await openFrame(frame, must(keys[0]))).toEqual({ ok: true, payload: Uint8Array.of(1, 2, 3) });
    const retagged = await importEpochKey(secret, { streamId: STREAM, epoch: 1 });
    expect((await openFrame(frame, retagged)).ok).toBe(false);
  });

  it('export and import the secret, and never serialise it', async () => {
    const key = await generateEpochKey({ streamId: STREAM, epoch: 4 });
    const secret = exportEpochKey(key);
    expect(secret.byteLength).toBe(32);
    const copy = await importEpochKey(secret, { streamId: STREAM, epoch: 4 });
    expect(frameNonce(copy, 9)).toEqual(frameNonce(key, 9));
    expect(JSON.parse(JSON.stringify(key))).toEqual({ streamId: STREAM, epoch: 4 });
    expect(JSON.stringify(key)).not.toContain(bytesToHex(secret));
  });

  it('refuse bad secrets and contexts', async () => {
    const refusals = [
      importEpochKey(new Uint8Array(16), { streamId: STREAM, epoch: 0 }),
      importEpochKey(new Uint8Array(32), { streamId: STREAM.toUpperCase(), epoch: 0 }),
      importEpochKey(new Uint8Array(32), { streamId: STREAM, epoch: -1 }),
      importEpochKey(new Uint8Array(32), { streamId: STREAM, epoch: 2 ** 32 }),
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toSatisfy((error) => isPkiError(error, 'INVALID_ARGUMENT'));
    }
  });
});

describe('hashes', () => {
  it('compute the genesis hash over the documented encoding', async () => {
    const certDer = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const expected = createHash('sha256')
      .update('seccam/v1 genesis')
      .update(Buffer.from(STREAM.replaceAll('-', ''), 'hex'))
      .update(Buffer.from([0, 0, 0x01, 0x2c]))
      .update(certDer)
      .digest('hex');
    expect(bytesToHex(await genesisPrevHash(STREAM, certDer))).toBe(expected);
    expect(await genesisPrevHash(OTHER_STREAM, certDer)).not.toEqual(await genesisPrevHash(STREAM, certDer));
    await expect(genesisPrevHash('nope', certDer)).rejects.toSatisfy((error) => isPkiError(error, 'INVALID_ARGUMENT'));
    await expect(genesisPrevHash(STREAM, new Uint8Array(0))).rejects.toSatisfy((error) => isPkiError(error, 'INVALID_ARGUMENT'));
  });

  it('compute the chain hash as SHA-256(header || ciphertext)', async () => {
    const header = Uint8Array.of(1, 2, 3);
    const ciphertext = Uint8Array.of(4, 5);
    const expected = createHash('sha256')
      .update(Uint8Array.of(1, 2, 3, 4, 5))
      .digest('hex');
    expect(bytesToHex(await chainHash(header, ciphertext))).toBe(expected);
  });
});
