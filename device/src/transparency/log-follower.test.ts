import { bytesToBase64 } from '@seccam/schema';
import { describe, expect, it } from 'vitest';
import { LogFollower } from './log-follower.ts';
import { isTransparencyError, type TransparencyErrorCode } from './transparency-error.ts';
import { TestLog } from './test-log.test-support.ts';
import { MemoryTransparencyStore } from './transparency-store.ts';

// A log run in the test with the real Merkle tree and tree head signatures: an honest log, a log
// that shows one client a history the other never saw (a fork), and heads and proofs altered on
// the way. The follower must accept exactly the honest ones.

const der = (n: number): Uint8Array => Uint8Array.of(0x30, 0x03, 0x02, 0x01, n);

async function rejects(promise: Promise<unknown>, code: TransparencyErrorCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => isTransparencyError(e, code));
}

describe('LogFollower', () => {
  it('accepts a logged certificate, and heads that extend the one it saw, as the log grows', async () => {
    const log = await TestLog.create();
    const follower = new LogFollower({ consistencyProof: log.consistency });
    for (let n = 0; n < 5; n++) await log.append(der(n));
    await follower.checkCertificate(der(3), await log.proof(3), 'dispatcher dana');
    for (let n = 5; n < 13; n++) await log.append(der(n));
    await follower.checkCertificate(der(11), await log.proof(11), 'dispatcher dana');
    // An older head (another API instance lagging behind) is consistent with the newest, which is kept.
    await follower.checkCertificate(der(1), await log.proof(1, 7), 'dispatcher dana');
    expect(await follower.newestHead()).toMatchObject({ treeSize: 13 });
  });

  it('refuses a certificate without a proof, or with the proof of another certificate', async () => {
    const log = await TestLog.create();
    const follower = new LogFollower({ consistencyProof: log.consistency });
    for (let n = 0; n < 4; n++) await log.append(der(n));
    await rejects(follower.checkCertificate(der(9), null, 'dispatcher dana'), 'NOT_LOGGED');
    await rejects(follower.checkCertificate(der(9), await log.proof(2), 'dispatcher dana'), 'BAD_PROOF');
    const proof = await log.proof(2);
    await rejects(follower.checkCertificate(der(2), { ...proof, leafIndex: 1 }, 'x'), 'BAD_PROOF');
    await rejects(follower.checkCertificate(der(2), { ...proof, auditPathB64: proof.auditPathB64.slice(1) }, 'x'), 'BAD_PROOF');
    await rejects(follower.checkCertificate(der(2), { ...proof, treeSize: 3 }, 'x'), 'MALFORMED');
  });

  it('refuses altered heads: root, size, signature, time, another log key, a key that is not the head’s', async () => {
    const log = await TestLog.create();
    const other = await TestLog.create();
    for (let n = 0; n < 4; n++) {
      await log.append(der(n));
      await other.append(der(n));
    }
    const follower = new LogFollower({ logIdHex: log.key.keyIdHex, consistencyProof: log.consistency });
    const head = await log.head();
    const flipped = bytesToBase64(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)));
    await rejects(follower.acceptHead({ ...head, rootHashB64: flipped }), 'BAD_SIGNATURE');
    await rejects(follower.acceptHead({ ...head, treeSize: 5 }), 'BAD_SIGNATURE');
    await rejects(
      follower.acceptHead({ ...head, timestamp: new Date(new Date(head.timestamp).getTime() + 1).toISOString() }),
      'BAD_SIGNATURE',
    );
    await rejects(follower.acceptHead({ ...head, signatureB64: (await other.head()).signatureB64 }), 'BAD_SIGNATURE');
    await rejects(follower.acceptHead(await other.head()), 'UNKNOWN_LOG');
    await rejects(follower.acceptHead({ ...head, logPublicKeyPem: other.publicKeyPem }), 'UNKNOWN_LOG');
    await rejects(follower.acceptHead({ ...head, rootHashB64: 'AAAA' }), 'MALFORMED');
    await rejects(follower.acceptHead({ ...head, treeSize: -1 }), 'MALFORMED');
    await rejects(follower.acceptHead({ ...head, signatureB64: 'not base64!' }), 'MALFORMED');
    await rejects(
      follower.acceptHead({ ...head, logPublicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' }),
      'MALFORMED',
    );
    await follower.acceptHead(head);
  });

  it('pins the first log it sees when given none, and keeps the pin in its store', async () => {
    const log = await TestLog.create();
    const impostor = await TestLog.create();
    await log.append(der(0));
    await impostor.append(der(0));
    const store = new MemoryTransparencyStore();
    await new LogFollower({ store, consistencyProof: log.consistency }).acceptHead(await log.head());
    const later = new LogFollower({ store, consistencyProof: log.consistency });
    await rejects(later.acceptHead(await impostor.head()), 'UNKNOWN_LOG');
    expect((await store.load())?.logIdHex).toBe(log.key.keyIdHex);
  });

  it('detects a fork: a history that is not an extension of the head seen before, in this session or a past one', async () => {
    const honest = await TestLog.create();
    for (let n = 0; n < 6; n++) await honest.append(der(n));
    // The same log key signs a second tree that agrees on 4 entries, then differs (a secret certificate).
    const forked = await TestLog.create(honest.key);
    for (let n = 0; n < 4; n++) await forked.append(der(n));
    await forked.append(der(99));
    await forked.append(der(5));
    await forked.append(der(6));

    const store = new MemoryTransparencyStore();
    await new LogFollower({ store, consistencyProof: honest.consistency }).acceptHead(await honest.head());
    // Next session, the server shows the forked tree and proves what it can from its own tree.
    const next = new LogFollower({ store, consistencyProof: forked.consistency });
    await rejects(next.checkCertificate(der(99), await forked.proof(4), 'your own sig certificate'), 'FORK');
    // At one size, two roots: a fork with no proof needed.
    await rejects(next.acceptHead(await forked.head(6)), 'FORK');
    // The prefix the two share is consistent with what was seen: the honest log proves it, the forked one cannot.
    await rejects(next.acceptHead(await forked.head(4)), 'FORK');
    await new LogFollower({ store, consistencyProof: honest.consistency }).acceptHead(await forked.head(4));
    // A log that refuses to answer the consistency query cannot make a newer head accepted.
    const mute = new LogFollower({ store, consistencyProof: () => Promise.reject(new Error('NOT_FOUND')) });
    await honest.append(der(6));
    await rejects(mute.acceptHead(await honest.head()), 'FORK');
    expect((await store.load())?.head.treeSize).toBe(6);
  });
});
