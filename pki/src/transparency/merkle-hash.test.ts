import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@seccam/schema';
import { defaultSha256, emptyRootHash, hashChildren, hashLeaf, isMerkleHash, MERKLE_HASH_BYTES, webCryptoSha256 } from './merkle-hash.ts';
import { HASHER_VECTORS, LEAF_INPUTS_HEX, NODE_HASHES_HEX } from './rfc6962-vectors.test-support.ts';
import { nodeSha256 } from './transparency.test-support.ts';

const utf8 = new TextEncoder();

describe('RFC 9162 hashing', () => {
  it('matches the reference hashes of transparency-dev/merkle', async () => {
    expect(bytesToHex(await emptyRootHash())).toBe(HASHER_VECTORS.emptyRootHex);
    expect(bytesToHex(await hashLeaf(new Uint8Array(0)))).toBe(HASHER_VECTORS.emptyLeafHex);
    expect(bytesToHex(await hashLeaf(utf8.encode(HASHER_VECTORS.leaf.entry)))).toBe(HASHER_VECTORS.leaf.hashHex);
    const { left, right, hashHex } = HASHER_VECTORS.node;
    expect(bytesToHex(await hashChildren(utf8.encode(left), utf8.encode(right)))).toBe(hashHex);
  });

  it('gives the leaf and level-1 node hashes of the eight-entry test tree', async () => {
    const leaves = await Promise.all(LEAF_INPUTS_HEX.map((hex) => hashLeaf(hexToBytes(hex))));
    expect(leaves.map(bytesToHex)).toEqual(NODE_HASHES_HEX[0]);
    for (const [i, expected] of NODE_HASHES_HEX[1].entries()) {
      expect(bytesToHex(await hashChildren(leaves[2 * i] as Uint8Array, leaves[2 * i + 1] as Uint8Array))).toBe(expected);
    }
  });

  it('agrees with `openssl dgst -sha256` on the prefixed inputs', async () => {
    const openssl = (input: Uint8Array): string => bytesToHex(execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input }));
    for (const hex of LEAF_INPUTS_HEX) {
      expect(bytesToHex(await hashLeaf(hexToBytes(hex)))).toBe(openssl(hexToBytes(`00${hex}`)));
    }
    const [left, right] = [hexToBytes(NODE_HASHES_HEX[0][0]), hexToBytes(NODE_HASHES_HEX[0][1])];
    expect(bytesToHex(await hashChildren(left, right))).toBe(openssl(Uint8Array.of(0x01, ...left, ...right)));
    expect(bytesToHex(await emptyRootHash())).toBe(openssl(new Uint8Array(0)));
  });

  it('answers the same with a synchronous hasher, an explicit WebCrypto provider and the default', async () => {
    const entry = utf8.encode('a certificate');
    const expected = bytesToHex(await hashLeaf(entry));
    expect(bytesToHex(await hashLeaf(entry, nodeSha256))).toBe(expected);
    expect(bytesToHex(await hashLeaf(entry, webCryptoSha256(globalThis.crypto)))).toBe(expected);
    expect(bytesToHex(await hashLeaf(entry, defaultSha256))).toBe(expected);
  });

  it('keeps leaves and nodes apart: a node is never the hash of its children read as an entry', async () => {
    const [a, b] = [await hashLeaf(utf8.encode('a')), await hashLeaf(utf8.encode('b'))];
    const node = await hashChildren(a, b);
    expect(bytesToHex(await hashLeaf(Uint8Array.of(...a, ...b)))).not.toBe(bytesToHex(node));
    expect(bytesToHex(await hashChildren(b, a))).not.toBe(bytesToHex(node));
  });

  it('recognises 32-byte hashes only', () => {
    expect(isMerkleHash(new Uint8Array(MERKLE_HASH_BYTES))).toBe(true);
    for (const value of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0), 'x'.repeat(32), Array(32).fill(0), null]) {
      expect(isMerkleHash(value)).toBe(false);
    }
  });
});
