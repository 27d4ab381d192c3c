import { bytesToBase64, bytesToHex } from '@seccam/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeKeySet, signKeySet, verifyKeySet, type KeySet, type SignedKeySet } from './key-set.ts';
import { generateSigKeys, must } from './seal-fixtures.test-support.ts';

const STREAM = '0b6f4c1e-9a55-4c0d-8f7e-2a3b4c5d6e7f';
const SET: KeySet = {
  streamId: STREAM,
  epoch: 2,
  entries: [
    { recipient: 'b1', wrappedKeyB64: 'AQID' },
    { recipient: 'a0', wrappedKeyB64: 'BAU=' },
  ],
};

// Written field by field from docs/PROTOCOL.md §5.
const GOLDEN_HEX = [
  '73656363616d2f7631206b6579736574', // "seccam/v1 keyset"
  '0b6f4c1e9a554c0d8f7e2a3b4c5d6e7f', // streamId
  '00000002', //                         epoch 2
  '0002', //                             2 entries, sorted by recipient
  '0002',
  '6130',
  '0002',
  '0405', //     "a0" → 04 05
  '0002',
  '6231',
  '0003',
  '010203', //   "b1" → 01 02 03
].join('');

let driver: CryptoKeyPair;
let other: CryptoKeyPair;

beforeAll(async () => {
  [driver, other] = await Promise.all([generateSigKeys(), generateSigKeys()]);
});

describe('signed key sets', () => {
  it('encode canonically (golden vector), independent of entry order', () => {
    expect(bytesToHex(encodeKeySet(SET))).toBe(GOLDEN_HEX);
    expect(bytesToHex(encodeKeySet({ ...SET, entries: [...SET.entries].reverse() }))).toBe(GOLDEN_HEX);
  });

  it('sign and verify, with entries returned sorted', async () => {
    const signed = await signKeySet(SET, driver.privateKey);
    expect(signed.entries.map((entry) => entry.recipient)).toEqual(['a0', 'b1']);
    expect(await verifyKeySet(signed, driver.publicKey)).toMatchObject({ ok: true, keySet: { streamId: STREAM, epoch: 2 } });
    const reordered: SignedKeySet = { ...signed, entries: [...signed.entries].reverse() };
    expect((await verifyKeySet(reordered, driver.publicKey)).ok).toBe(true);
  });

  it('detect any change and any other signer', async () => {
    const signed = await signKeySet(SET, driver.privateKey);
    const changed: SignedKeySet[] = [
      { ...signed, epoch: 3 },
      { ...signed, streamId: '7d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5' },
      { ...signed, entries: [must(signed.entries[0]), { recipient: 'b1', wrappedKeyB64: 'AQIE' }] },
      { ...signed, entries: [must(signed.entries[0]), { recipient: 'b2', wrappedKeyB64: 'AQID' }] },
      { ...signed, entries: [must(signed.entries[0])] },
      { ...signed, entries: [...signed.entries, { recipient: 'c2', wrappedKeyB64: 'AQID' }] },
    ];
    for (const set of changed) expect(await verifyKeySet(set, driver.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifyKeySet(signed, other.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
    const byOther = await signKeySet(SET, other.privateKey);
    expect(await verifyKeySet(byOther, driver.publicKey)).toMatchObject({ ok: false, reason: 'signature' });
  });

  it('refuse malformed sets as data when verifying and by throwing when signing', async () => {
    const signed = await signKeySet(SET, driver.privateKey);
    const malformed = [
      { ...signed, entries: [must(signed.entries[0]), must(signed.entries[0])] },
      { ...signed, entries: [] },
      { ...signed, entries: [{ recipient: '', wrappedKeyB64: 'AQID' }] },
      { ...signed, entries: [{ recipient: 'a\nb', wrappedKeyB64: 'AQID' }] },
      { ...signed, entries: [{ recipient: 'a0', wrappedKeyB64: 'AQI' }] },
      { ...signed, entries: [{ recipient: 'a0', wrappedKeyB64: '' }] },
      { ...signed, entries: [{ recipient: 'a0', wrappedKeyB64: bytesToBase64(new Uint8Array(1025)) }] },
      { ...signed, entries: [{ recipient: 'x'.repeat(257), wrappedKeyB64: 'AQID' }] },
      { ...signed, entries: [{ recipient: 'a0' }] as unknown as SignedKeySet['entries'] },
      { ...signed, entries: 'a0' as unknown as SignedKeySet['entries'] },
      { ...signed, epoch: -1 },
      { ...signed, streamId: STREAM.toUpperCase() },
      { ...signed, signatureB64: 'not base64' },
      { ...signed, signatureB64: bytesToBase64(new Uint8Array(63)) },
    ];
    for (const set of malformed) expect(await verifyKeySet(set, driver.publicKey)).toMatchObject({ ok: false, reason: 'malformed' });
    await expect(signKeySet({ ...SET, entries: [] }, driver.privateKey)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
