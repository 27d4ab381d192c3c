/**
 * The log as a table shared by instances: two API instances on one database serve the same tree,
 * the rows cannot be changed or removed, the database holds each row to its leaf, certificates
 * stored before the log existed are logged at start, and a cut log is refused, not served.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCsrs, generateIdentityKeys, issueCertificate, verifyCsr } from '@seccam/pki';
import { clientFor, createReadyAccount, driverAccount, startTestApi, testLogKey, testPki, type TestApi } from '@seccam/testkit';
import { certificates } from '../certificates/certificates.table.ts';
import { users } from '../users/users.table.ts';
import { sha256Of } from './log-entry-record.ts';
import { TransparencyService } from './transparency.service.ts';
import { logEntries } from './transparency.table.ts';
import { HEAD_FIELDS, isSignedHead, type RemoteTreeHead } from './transparency.test-support.ts';

describe('transparency log table across instances', () => {
  let a: TestApi;
  let b: TestApi;
  let logIdHex: string;

  const headOf = async (api: TestApi): Promise<RemoteTreeHead> =>
    (await clientFor(api).graphql<{ treeHead: RemoteTreeHead }>(`{ treeHead { ${HEAD_FIELDS} } }`)).treeHead;
  const sameTree = async (): Promise<[RemoteTreeHead, RemoteTreeHead]> => {
    const [headA, headB] = await Promise.all([headOf(a), headOf(b)]);
    expect(headB.treeSize).toBe(headA.treeSize);
    expect(headB.rootHashB64).toBe(headA.rootHashB64);
    return [headA, headB];
  };
  const refusal = (e: unknown): boolean => /log_entries is append-only/.test(String((e as Error).cause ?? e));
  const violates =
    (constraint: string) =>
    (e: unknown): boolean =>
      String((e as Error).cause ?? e).includes(`violates check constraint "${constraint}"`);

  beforeAll(async () => {
    a = await startTestApi();
    b = await startTestApi({ db: a.db, secrets: a.secrets });
    logIdHex = (await testLogKey()).keyIdHex;
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it('serves one tree from two instances, whichever of them appended', async () => {
    await createReadyAccount(a, driverAccount());
    const [onA, onB] = await sameTree();
    expect(onA.treeSize).toBe(2);
    expect(await isSignedHead(onB, logIdHex)).toBe(true);
    await createReadyAccount(b, driverAccount());
    expect((await sameTree())[0].treeSize).toBe(4);
    await Promise.all([
      createReadyAccount(a, driverAccount()),
      createReadyAccount(b, driverAccount()),
      createReadyAccount(a, driverAccount()),
    ]);
    expect((await sameTree())[0].treeSize).toBe(10);
    const indices = await a.db.database.db.select({ index: logEntries.index }).from(logEntries).orderBy(logEntries.index);
    expect(indices.map((r) => r.index)).toEqual([...Array(10).keys()]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of log_entries', async () => {
    const { db } = a.db.database;
    await expect(db.execute(sql`UPDATE log_entries SET username = 'mallory' WHERE index = 0`)).rejects.toSatisfy(refusal);
    await expect(db.execute(sql`DELETE FROM log_entries WHERE index = 9`)).rejects.toSatisfy(refusal);
    await expect(db.execute(sql`TRUNCATE log_entries`)).rejects.toSatisfy(refusal);
    expect(await db.$count(logEntries)).toBe(10);
  });

  it('holds each row to its leaf: the leaf hash, the type byte and the certificate hash', async () => {
    const { db } = a.db.database;
    const [row] = await db.select().from(logEntries).where(eq(logEntries.index, 0));
    if (!row) throw new Error('entry 0 missing');
    // Rows consistent but for one thing each (constraints are checked in name order).
    const hash = new Uint8Array(32).fill(7);
    const leafOf = (type: number): Uint8Array => Uint8Array.from([type, ...hash, 0, 0, 0, 0, 0, 0, 0, 1]);
    const rowOf = (leaf: Uint8Array, entryType: number) => ({
      ...row,
      index: 10,
      leaf,
      leafHash: sha256Of(Uint8Array.from([0, ...leaf])),
      entryType,
      certificateSha256: hash,
    });
    await expect(db.insert(logEntries).values({ ...row, index: 10, leafHash: new Uint8Array(32) })).rejects.toSatisfy(
      violates('log_entries_leaf_hash'),
    );
    await expect(db.insert(logEntries).values({ ...row, index: 10, certificateSha256: hash })).rejects.toSatisfy(
      violates('log_entries_certificate_sha256'),
    );
    await expect(db.insert(logEntries).values(rowOf(leafOf(1), 2))).rejects.toSatisfy(violates('log_entries_entry_type'));
    await expect(db.insert(logEntries).values(rowOf(leafOf(3), 3))).rejects.toSatisfy(violates('log_entries_entry_type'));
    await expect(db.insert(logEntries).values({ ...row, index: -1 })).rejects.toSatisfy(violates('log_entries_index_range'));
  });

  it('logs certificates stored before the log existed when an instance starts', async () => {
    const { db } = a.db.database;
    const account = driverAccount();
    await createReadyAccount(a, account);
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.username, account.username));
    const csrs = await createIdentityCsrs({ username: account.username, role: 'driver' }, await generateIdentityKeys());
    const check = await verifyCsr(csrs.sigCsrPem, { username: account.username, role: 'driver', kind: 'sig' });
    if (!check.ok || !user) throw new Error('test CSR refused');
    const cert = await issueCertificate((await testPki()).issuer, check.csr, { kind: 'sig', role: 'driver' });
    // Stored behind the service's back, as if before the log existed, and revoked since.
    const revokedAt = new Date('2026-01-02T03:04:05.678Z');
    await db.insert(certificates).values({
      serialHex: cert.serialHex,
      userId: user.id,
      kind: 'sig',
      pem: cert.certPem,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      revokedAt,
    });
    const size = (await sameTree())[0].treeSize;
    await new TransparencyService(db, await testLogKey()).load();
    expect((await sameTree())[0].treeSize).toBe(size + 2);
    const service = new TransparencyService(db, await testLogKey());
    await service.load(); // nothing left to log
    const logged = await service.certificatesIn(account.username, 10);
    expect(logged.at(-1)).toMatchObject({ serialHex: cert.serialHex, leafIndex: size, revocationLeafIndex: size + 1, revokedAt });
    expect((await headOf(b)).treeSize).toBe(size + 2);
  });

  it('signs one head per size until it is a minute old', async () => {
    let now = Date.parse('2026-12-01T12:00:00.000Z');
    const service = new TransparencyService(a.db.database.db, await testLogKey(), { now: () => new Date(now) });
    await service.load();
    const first = await service.treeHead();
    now += 59_999;
    expect(await service.treeHead()).toBe(first);
    now += 1;
    const second = await service.treeHead();
    expect(second).toMatchObject({ treeSize: first.treeSize, rootHashB64: first.rootHashB64, timestamp: new Date(now) });
    expect(second.signatureB64).not.toBe(first.signatureB64);
    const { treeSize, rootHashB64, logIdHex: id, signatureB64, logPublicKeyPem } = second;
    expect(
      await isSignedHead(
        { treeSize, rootHashB64, timestamp: second.timestamp.toISOString(), logIdHex: id, signatureB64, logPublicKeyPem },
        logIdHex,
      ),
    ).toBe(true);
  });

  it('refuses to serve a log with a gap (someone disabled the triggers and cut an entry)', async () => {
    const { db } = a.db.database;
    await db.execute(sql`ALTER TABLE log_entries DISABLE TRIGGER USER`);
    await db.execute(sql`DELETE FROM log_entries WHERE index = 3`);
    await db.execute(sql`ALTER TABLE log_entries ENABLE TRIGGER USER`);
    await expect(new TransparencyService(db, await testLogKey()).load()).rejects.toThrow(/no entry 3 \(the next is 4\): the log was cut/);
  });
});
