import { bytesToHex, decodeFrame } from '@seccam/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { encKeyGenParams, rsaOaepImportParams } from '../key-algorithms.ts';
import { exportEpochKey, frameNonce, generateEpochKey } from './epoch-key.ts';
import { keyWrapLabel, unwrapEpochKey, wrapEpochKey } from './key-wrap.ts';
import { openFrame } from './open-frame.ts';
import { flip, must, recordStream } from './seal-fixtures.test-support.ts';

const STREAM = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';
let recipient: CryptoKeyPair;
let stranger: CryptoKeyPair;

beforeAll(async () => {
  [recipient, stranger] = await Promise.all([
    crypto.subtle.generateKey(encKeyGenParams(), true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']),
    crypto.subtle.generateKey(encKeyGenParams(), false, ['encrypt', 'decrypt']),
  ]);
});

describe('epoch key wrapping', () => {
  it('labels with seccam/v1|streamId|epoch', () => {
    expect(new TextDecoder().decode(keyWrapLabel({ streamId: STREAM, epoch: 7 }))).toBe(`seccam/v1|${STREAM}|7`);
  });

  it('round-trips and the unwrapped key opens the frames', async () => {
    const rec = await recordStream({ frames: 3, end: true });
    const epochKey = must(rec.epochKeys.get(0));
    const wrapped = await wrapEpochKey(epochKey, recipient.publicKey);
    expect(wrapped.byteLength).toBe(384);
    const unwrapped = await unwrapEpochKey(wrapped, recipient.privateKey, { streamId: rec.streamId, epoch: 0 });
    if (!unwrapped.ok) expect.fail(unwrapped.message);
    expect(exportEpochKey(unwrapped.epochKey)).toEqual(exportEpochKey(epochKey));
    expect(await openFrame(decodeFrame(must(rec.sealed[2]).frameBytes), unwrapped.epochKey)).toEqual({
      ok: true,
      payload: rec.payloads[2],
    });
  });

  it('fails to unwrap under another stream or epoch (the label differs)', async () => {
    const epochKey = await generateEpochKey({ streamId: STREAM, epoch: 3 });
    const wrapped = await wrapEpochKey(epochKey, recipient.publicKey);
    for (const context of [
      { streamId: STREAM, epoch: 4 },
      { streamId: STREAM, epoch: 2 },
      { streamId: '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5', epoch: 3 },
    ]) {
      expect(await unwrapEpochKey(wrapped, recipient.privateKey, context)).toMatchObject({ ok: false, reason: 'unwrap' });
    }
    expect((await unwrapEpochKey(wrapped, recipient.privateKey, { streamId: STREAM, epoch: 3 })).ok).toBe(true);
  });

  it('fails to unwrap with another private key or altered bytes', async () => {
    const epochKey = await generateEpochKey({ streamId: STREAM, epoch: 0 });
    const wrapped = await wrapEpochKey(epochKey, recipient.publicKey);
    const context = { streamId: STREAM, epoch: 0 };
    expect(await unwrapEpochKey(wrapped, stranger.privateKey, context)).toMatchObject({ ok: false, reason: 'unwrap' });
    const altered = wrapped.slice();
    flip(altered, 200);
    expect(await unwrapEpochKey(altered, recipient.privateKey, context)).toMatchObject({ ok: false, reason: 'unwrap' });
    expect(await unwrapEpochKey(wrapped.subarray(1), recipient.privateKey, context)).toMatchObject({ ok: false, reason: 'unwrap' });
  });

  it('refuses a wrapped key with its leading zero byte dropped (one encoding per wrapped key)', async () => {
    const epochKey = await generateEpochKey({ streamId: STREAM, epoch: 0 });
    let wrapped = await wrapEpochKey(epochKey, recipient.publicKey);
    // About one RSA ciphertext in 128-255 starts with 0x00; OpenSSL would decrypt it without that byte.
    for (let tries = 0; wrapped[0] !== 0 && tries < 5000; tries += 1) wrapped = await wrapEpochKey(epochKey, recipient.publicKey);
    expect(wrapped[0]).toBe(0);
    const context = { streamId: STREAM, epoch: 0 };
    expect((await unwrapEpochKey(wrapped, recipient.privateKey, context)).ok).toBe(true);
    expect(await unwrapEpochKey(wrapped.subarray(1), recipient.privateKey, context)).toMatchObject({
      ok: false,
      reason: 'unwrap',
      message: 'wrapped key must be 384 bytes, got 383',
    });
  });

  it('refuses a non-secret that was wrapped with the right label', async () => {
    const context = { streamId: STREAM, epoch: 0 };
    const notASecret = await crypto.subtle.encrypt(
      { name: 'RSA-OAEP', label: keyWrapLabel(context) as Uint8Array<ArrayBuffer> },
      recipient.publicKey,
      new Uint8Array(16),
    );
    const result = await unwrapEpochKey(new Uint8Array(notASecret), recipient.privateKey, context);
    expect(result).toMatchObject({ ok: false, reason: 'unwrap', message: 'wrapped value is not an epoch secret' });
  });

  it('works with keys limited to wrapKey / unwrapKey, producing interchangeable blobs', async () => {
    const spki = await crypto.subtle.exportKey('spki', recipient.publicKey);
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', recipient.privateKey);
    const wrapOnly = await crypto.subtle.importKey('spki', spki, rsaOaepImportParams(), false, ['wrapKey']);
    const unwrapOnly = await crypto.subtle.importKey('pkcs8', pkcs8, rsaOaepImportParams(), false, ['unwrapKey']);
    const epochKey = await generateEpochKey({ streamId: STREAM, epoch: 1 });
    const context = { streamId: STREAM, epoch: 1 };
    const viaWrapKey = await wrapEpochKey(epochKey, wrapOnly);
    const viaEncrypt = await wrapEpochKey(epochKey, recipient.publicKey);
    for (const [blob, key] of [
      [viaWrapKey, recipient.privateKey],
      [viaEncrypt, unwrapOnly],
      [viaWrapKey, unwrapOnly],
    ] as const) {
      const result = await unwrapEpochKey(blob, key, context);
      expect(result.ok && bytesToHex(frameNonce(result.epochKey, 0))).toBe(bytesToHex(frameNonce(epochKey, 0)));
    }
    const notQuite = await crypto.subtle.encrypt(
      { name: 'RSA-OAEP', label: keyWrapLabel(context) as Uint8Array<ArrayBuffer> },
      recipient.publicKey,
      new Uint8Array(7),
    );
    expect(await unwrapEpochKey(new Uint8Array(notQuite), unwrapOnly, context)).toMatchObject({ ok: false, reason: 'unwrap' });
  });

  it('refuses keys of the wrong kind', async () => {
    const epochKey = await generateEpochKey({ streamId: STREAM, epoch: 0 });
    await expect(wrapEpochKey(epochKey, recipient.privateKey)).rejects.toMatchObject({ code: 'KEY_MALFORMED' });
    const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    await expect(wrapEpochKey(epochKey, ec.publicKey)).rejects.toMatchObject({ code: 'KEY_MALFORMED' });
    await expect(unwrapEpochKey(new Uint8Array(384), recipient.publicKey, { streamId: STREAM, epoch: 0 })).rejects.toMatchObject({
      code: 'KEY_MALFORMED',
    });
  });
});
