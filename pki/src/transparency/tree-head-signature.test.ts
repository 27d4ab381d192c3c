import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex, encodeTreeHeadStatement, hexToBytes, type TreeHeadFields } from '@seccam/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslScratch, type OpensslScratch } from '../node/openssl.test-support.ts';
import { isPkiError } from '../pki-error.ts';
import {
  exportStatementKeyPems,
  exportStatementPublicKeyPem,
  generateStatementKey,
  importStatementKey,
  type StatementKey,
} from '../statement-key.ts';
import { hashLeaf } from './merkle-hash.ts';
import { MerkleTree } from './merkle-tree.ts';
import { signTreeHead, verifyTreeHeadSignature } from './tree-head-signature.ts';
import { flipByte, testEntries } from './transparency.test-support.ts';
import { verifyConsistency } from './verify-consistency.ts';
import { verifyInclusion } from './verify-inclusion.ts';

let logKey: StatementKey;
let witnessKey: StatementKey;
let head: TreeHeadFields;

beforeAll(async () => {
  [logKey, witnessKey] = await Promise.all([generateStatementKey(), generateStatementKey()]);
  head = {
    logIdHex: logKey.keyIdHex,
    treeSize: 8,
    rootHashHex: '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    timestamp: new Date('2026-12-01T21:40:00Z'),
  };
});

describe('tree head signatures', () => {
  it('are 64-byte raw r||s signatures the log key verifies and no other key does', async () => {
    const signature = await signTreeHead(head, logKey.privateKey);
    expect(signature).toHaveLength(64);
    expect(await verifyTreeHeadSignature(head, signature, logKey.publicKey)).toEqual({ ok: true });
    expect(await verifyTreeHeadSignature(head, signature, witnessKey.publicKey)).toEqual(
      expect.objectContaining({ ok: false, reason: 'signature' }),
    );
  });

  it('refuse a head with any field changed, and any flipped or missing signature byte', async () => {
    const signature = await signTreeHead(head, logKey.privateKey);
    const changed: TreeHeadFields[] = [
      { ...head, logIdHex: witnessKey.keyIdHex },
      { ...head, treeSize: 9 },
      { ...head, rootHashHex: bytesToHex(flipByte(hexToBytes(head.rootHashHex), 31)) },
      { ...head, timestamp: new Date(head.timestamp.getTime() + 1) },
    ];
    for (const fields of changed) {
      expect(await verifyTreeHeadSignature(fields, signature, logKey.publicKey)).toEqual(expect.objectContaining({ reason: 'signature' }));
    }
    for (let i = 0; i < signature.length; i++) {
      expect((await verifyTreeHeadSignature(head, flipByte(signature, i), logKey.publicKey)).ok).toBe(false);
    }
    expect(await verifyTreeHeadSignature(head, signature.slice(0, 63), logKey.publicKey)).toEqual(
      expect.objectContaining({ reason: 'signature' }),
    );
  });

  it('answer malformed for fields that cannot form a statement, and refuse to sign them', async () => {
    const signature = await signTreeHead(head, logKey.privateKey);
    const bad = { ...head, treeSize: -1 };
    expect(await verifyTreeHeadSignature(bad, signature, logKey.publicKey)).toEqual({
      ok: false,
      reason: 'malformed',
      message: 'invalid tree head statement: treeSize must be an integer from 0 to 2^53 - 1',
    });
    await expect(signTreeHead(bad, logKey.privateKey)).rejects.toThrow(TypeError);
  });

  it('throw KEY_MALFORMED for a key of the wrong kind or role', async () => {
    const rsa = await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const signature = await signTreeHead(head, logKey.privateKey);
    for (const key of [rsa.publicKey, logKey.privateKey]) {
      await expect(verifyTreeHeadSignature(head, signature, key)).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
    }
    for (const key of [rsa.privateKey, logKey.publicKey]) {
      await expect(signTreeHead(head, key)).rejects.toSatisfy((e) => isPkiError(e, 'KEY_MALFORMED'));
    }
  });
});

describe('tree head signatures against openssl', () => {
  let scratch: OpensslScratch;
  beforeAll(async () => {
    scratch = await opensslScratch();
  });
  afterAll(() => scratch.remove());

  it('are standard ECDSA P-256 / SHA-256 over exactly the statement bytes, both ways', async () => {
    const pems = await exportStatementKeyPems(logKey);
    await scratch.write({ 'log.pub.pem': await exportStatementPublicKeyPem(logKey.publicKey), 'log.key.pem': pems.privateKeyPem });
    await writeFile(join(scratch.dir, 'head.txt'), encodeTreeHeadStatement(head));

    await writeFile(join(scratch.dir, 'ours.der'), rawToDer(await signTreeHead(head, logKey.privateKey)));
    const verified = await scratch.run(['dgst', '-sha256', '-verify', 'log.pub.pem', '-signature', 'ours.der', 'head.txt']);
    expect(verified).toEqual(expect.objectContaining({ code: 0, stdout: 'Verified OK\n' }));

    const signed = await scratch.run(['dgst', '-sha256', '-sign', 'log.key.pem', '-hex', 'head.txt']);
    expect(signed.code).toBe(0);
    const theirs = derToRaw(hexToBytes(signed.stdout.trim().split('= ')[1] ?? ''));
    const reloaded = await importStatementKey(pems.privateKeyPem);
    expect(await verifyTreeHeadSignature(head, theirs, reloaded.publicKey)).toEqual({ ok: true });
  });
});

describe('a log, a witness and a client', () => {
  it('check heads, inclusion and consistency end to end', async () => {
    const entries = testEntries(300);
    const tree = await MerkleTree.fromEntries(entries.slice(0, 100));
    const headAt = async (treeSize: number): Promise<{ fields: TreeHeadFields; signature: Uint8Array }> => {
      const fields = { logIdHex: logKey.keyIdHex, treeSize, rootHashHex: bytesToHex(await tree.rootHash(treeSize)), timestamp: new Date() };
      return { fields, signature: await signTreeHead(fields, logKey.privateKey) };
    };

    // The client trusts a head only with the log's signature over it, for the log it follows.
    const first = await headAt(100);
    expect(first.fields.logIdHex).toBe(logKey.keyIdHex);
    expect(await verifyTreeHeadSignature(first.fields, first.signature, logKey.publicKey)).toEqual({ ok: true });
    const leafHash = tree.leafHash(42);
    const inclusion = {
      leafIndex: 42,
      treeSize: 100,
      leafHash,
      proof: await tree.inclusionProof(42, 100),
      rootHash: hexToBytes(first.fields.rootHashHex),
    };
    expect(await verifyInclusion(inclusion)).toEqual({ ok: true });

    // The log grows; the witness cosigns the new head only once it is consistent with the old one.
    for (const entry of entries.slice(100)) tree.appendLeafHash(await hashLeaf(entry));
    const second = await headAt(300);
    const consistency = {
      firstSize: 100,
      firstRootHash: hexToBytes(first.fields.rootHashHex),
      secondSize: 300,
      secondRootHash: hexToBytes(second.fields.rootHashHex),
      proof: await tree.consistencyProof(100, 300),
    };
    expect(await verifyConsistency(consistency)).toEqual({ ok: true });
    const cosignature = await signTreeHead(second.fields, witnessKey.privateKey);
    expect(await verifyTreeHeadSignature(second.fields, cosignature, witnessKey.publicKey)).toEqual({ ok: true });

    // A log that rewrote entry 99 cannot prove its new head consistent with the head the client holds.
    const fork = await MerkleTree.fromEntries([...entries.slice(0, 99), new TextEncoder().encode('rewritten'), ...entries.slice(100)]);
    const forkProof = await fork.consistencyProof(100, 300);
    const forkedRoot = await fork.rootHash(300);
    expect(await verifyConsistency({ ...consistency, secondRootHash: forkedRoot, proof: forkProof })).toEqual(
      expect.objectContaining({ ok: false, reason: 'first-root-mismatch' }),
    );
  });
});

/** Raw IEEE P1363 r||s (64 bytes) to a DER ECDSA-Sig-Value, for openssl. */
function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array): number[] => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const body = Array.from(bytes.subarray(start));
    if ((body[0] ?? 0) & 0x80) body.unshift(0);
    return [0x02, body.length, ...body];
  };
  const content = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
  return Uint8Array.from([0x30, content.length, ...content]);
}

/** A DER ECDSA-Sig-Value (as openssl writes it) to raw r||s. */
function derToRaw(der: Uint8Array): Uint8Array {
  const raw = new Uint8Array(64);
  let offset = 2;
  for (const half of [0, 1]) {
    const length = der[offset + 1] ?? 0;
    const value = der.subarray(offset + 2, offset + 2 + length);
    const trimmed = value.subarray(Math.max(0, value.length - 32));
    raw.set(trimmed, half * 32 + 32 - trimmed.length);
    offset += 2 + length;
  }
  return raw;
}
