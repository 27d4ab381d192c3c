import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '@seccam/schema';
import { ecdsaSignParams, ecKeyGenParams } from '../key-algorithms.ts';
import { recordStream, type Recording } from '../seal/seal-fixtures.test-support.ts';
import { verifyIncomingFrame, type FrameCheckResult } from '../seal/frame-check.ts';
import { webFrameCrypto, type FrameCrypto } from '../seal/frame-crypto.ts';
import { nodeFrameCrypto } from './node-frame-crypto.ts';

const web = webFrameCrypto();
const node = nodeFrameCrypto();
/** The order of the P-256 group. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function toBytes(n: bigint): Uint8Array {
  return Uint8Array.from(n.toString(16).padStart(64, '0').match(/../g) ?? [], (h) => parseInt(h, 16));
}
function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/** Runs `check` with both providers and expects the same answer from each. */
async function same<T>(check: (provider: FrameCrypto) => T | Promise<T>): Promise<T> {
  const [a, b] = await Promise.all([check(web), check(node)]);
  expect(b).toEqual(a);
  return a;
}

describe('node:crypto and WebCrypto frame crypto', () => {
  it('hash the same: empty, one byte, 25 KB, over a shared buffer view', async () => {
    const big = crypto.getRandomValues(new Uint8Array(25 * 1024));
    const view = new Uint8Array(new SharedArrayBuffer(100)).fill(3).subarray(10, 90);
    for (const data of [new Uint8Array(0), Uint8Array.of(0x61), big, view]) {
      const digest = await same((p) => p.sha256(data));
      expect(digest).toHaveLength(32);
    }
    expect(Buffer.from(await node.sha256(new Uint8Array(0))).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('verify the same: genuine, flipped bits, wrong key, wrong data, bad lengths, out-of-range and malleated signatures', async () => {
    const keys = await crypto.subtle.generateKey(ecKeyGenParams(), false, ['sign', 'verify']);
    const other = await crypto.subtle.generateKey(ecKeyGenParams(), false, ['sign', 'verify']);
    const data = crypto.getRandomValues(new Uint8Array(32));
    const signature = new Uint8Array(await crypto.subtle.sign(ecdsaSignParams(), keys.privateKey, data));
    const r = toBigInt(signature.slice(0, 32));
    const s = toBigInt(signature.slice(32));
    const flipped = signature.slice();
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    const cases: { name: string; key: CryptoKey; sig: Uint8Array; data: Uint8Array; valid: boolean }[] = [
      { name: 'genuine', key: keys.publicKey, sig: signature, data, valid: true },
      // s and n − s both verify (ECDSA is malleable): both providers must say so.
      { name: 'malleated (n − s)', key: keys.publicKey, sig: new Uint8Array([...toBytes(r), ...toBytes(N - s)]), data, valid: true },
      { name: 'flipped bit', key: keys.publicKey, sig: flipped, data, valid: false },
      { name: 'other key', key: other.publicKey, sig: signature, data, valid: false },
      { name: 'other data', key: keys.publicKey, sig: signature, data: data.map((b) => b ^ 0xff), valid: false },
      { name: 'empty data', key: keys.publicKey, sig: signature, data: new Uint8Array(0), valid: false },
      { name: 'empty signature', key: keys.publicKey, sig: new Uint8Array(0), data, valid: false },
      { name: '63 bytes', key: keys.publicKey, sig: signature.slice(0, 63), data, valid: false },
      { name: '65 bytes', key: keys.publicKey, sig: new Uint8Array([...signature, 0]), data, valid: false },
      { name: 'all zero', key: keys.publicKey, sig: new Uint8Array(64), data, valid: false },
      { name: 'r = n', key: keys.publicKey, sig: new Uint8Array([...toBytes(N), ...toBytes(s)]), data, valid: false },
      { name: 's = n + small', key: keys.publicKey, sig: new Uint8Array([...toBytes(r), ...toBytes((s % 1000n) + N)]), data, valid: false },
      { name: 'all ones', key: keys.publicKey, sig: new Uint8Array(64).fill(0xff), data, valid: false },
    ];
    for (const c of cases) {
      const answer = await same((p) => p.verifyEcdsaP256(c.key, c.sig, c.data));
      expect({ name: c.name, answer }).toEqual({ name: c.name, answer: c.valid });
    }
  });

  it('give the same frame check results over a recorded stream and its forgeries', async () => {
    const rec: Recording = await recordStream({ frames: 6, end: true, rotateAt: 3 });
    const context = (seq: number) => ({
      streamId: rec.streamId,
      sigPublicKey: rec.sig.publicKey,
      expectedSeq: seq,
      expectedPrevHash: seq === 0 ? rec.genesis : (rec.sealed[seq - 1]?.chainHash ?? new Uint8Array(32)),
      minEpoch: 0,
    });
    const check = (bytes: Uint8Array, seq: number, p: FrameCrypto): Promise<FrameCheckResult> =>
      verifyIncomingFrame(decodeFrame(bytes), context(seq), p);
    let passed = 0;
    for (const [seq, sealed] of rec.sealed.entries()) {
      const frame = decodeFrame(sealed.frameBytes);
      const result = await same((p) => check(sealed.frameBytes, seq, p));
      if (result.ok) passed++;
      expect(result.ok && result.chainHash).toEqual(sealed.chainHash);
      const badSig = frame.signature.slice();
      badSig[0] = (badSig[0] ?? 0) ^ 0x80;
      const ciphertext = frame.ciphertext.slice();
      ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
      for (const forged of [
        encodeFrame(frame.headerBytes, frame.ciphertext, badSig),
        encodeFrame(frame.headerBytes, ciphertext, frame.signature),
        encodeFrame(frame.headerBytes, frame.ciphertext, new Uint8Array(64)),
      ]) {
        expect(await same((p) => check(forged, seq, p))).toMatchObject({ ok: false, reason: 'signature', seq });
      }
      expect(await same((p) => check(sealed.frameBytes, seq + 1, p))).toMatchObject({ ok: false, reason: 'duplicate' });
    }
    expect(passed).toBe(6);
  });

  it('refuses a key that cannot verify, as WebCrypto does', async () => {
    const keys = await crypto.subtle.generateKey(ecKeyGenParams(), false, ['sign', 'verify']);
    const data = new Uint8Array(32);
    const signature = new Uint8Array(64);
    await expect(Promise.resolve().then(() => web.verifyEcdsaP256(keys.privateKey, signature, data))).rejects.toThrow();
    expect(() => node.verifyEcdsaP256(keys.privateKey, signature, data)).toThrow();
  });
});
