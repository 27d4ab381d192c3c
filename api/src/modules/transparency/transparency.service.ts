/**
 * The certificate transparency log, server side (docs/PROTOCOL.md §10): every certificate the CA
 * issues and every revocation is appended ([Note: one log, many instances]) to an RFC 9162 tree
 * whose heads are signed with the log's own key; the service answers signed heads, inclusion
 * proofs and consistency proofs, and lists a username's certificates for monitors.
 */
import { and, asc, desc, eq, gt, isNull, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { encodePem, exportStatementPublicKeyPem, normalizeSerialHex, signTreeHead, type StatementKey } from '@seccam/pki';
import { bytesToBase64, bytesToHex, decodeLogEntry, isUsername, LogEntryType } from '@seccam/schema';
import type { Db } from '../../db/client.ts';
import { BadInputError, NotFoundError } from '../../errors.ts';
import { certificates } from '../certificates/certificates.table.ts';
import { LogMirror } from './log-mirror.ts';
import { certificateFacts, certificateSha256, issuedRecord, revokedRecord, type LogEntryRecord } from './log-entry-record.ts';
import { logEntries, type LogEntryRow } from './transparency.table.ts';
import type { InclusionProof, LoggedCertificate, LogProof, SignedTreeHead } from './transparency.type.ts';

/** Serialises appends across instances (transaction-scoped advisory lock; the audit log has its own). */
export const TRANSPARENCY_LOCK_ID = 0x5ecc7a11;
/** A signed head is re-made when the tree grew or it is older than this. */
export const TREE_HEAD_MAX_AGE_MS = 60_000;
/** Most certificates one `certificatesIn` page lists. */
export const MAX_LOGGED_CERTIFICATES_PAGE = 500;

/** Which entry an inclusion proof is for: exactly one of these. */
export interface LeafSelector {
  readonly certificateSha256Hex?: string | null | undefined;
  readonly serialHex?: string | null | undefined;
  readonly leafIndex?: number | null | undefined;
}

export interface TransparencyOptions {
  readonly now?: () => Date;
  readonly treeHeadMaxAgeMs?: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** 20 octets (RFC 5280 §4.1.2.2) and one leading zero octet. */
const MAX_SERIAL_HEX_LENGTH = 42;

export class TransparencyService {
  readonly #mirror: LogMirror;
  readonly #now: () => Date;
  readonly #maxAgeMs: number;
  #head: { readonly treeSize: number; readonly madeAtMs: number; readonly head: Promise<SignedTreeHead> } | undefined;
  #publicKeyPem: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly key: StatementKey,
    options: TransparencyOptions = {},
  ) {
    this.#mirror = new LogMirror(db);
    this.#now = options.now ?? (() => new Date());
    this.#maxAgeMs = options.treeHeadMaxAgeMs ?? TREE_HEAD_MAX_AGE_MS;
  }

  /** The log key's id (SHA-256 of its SPKI DER), the `log=` of every head it signs. */
  get logIdHex(): string {
    return this.key.keyIdHex;
  }

  /** The log key's public half, for checking heads it signed. */
  get publicKey(): CryptoKey {
    return this.key.publicKey;
  }

  /** The root hash of the first `treeSize` entries, or null for a size the log has not reached. */
  async rootHashAt(treeSize: number): Promise<Uint8Array | null> {
    await this.#mirror.sync();
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > this.#mirror.size) return null;
    return this.#mirror.tree.rootHash(treeSize);
  }

  /** Logs certificates issued before the log existed, then reads the log into memory. Run at start. */
  async load(): Promise<void> {
    await this.#backfill();
    await this.#mirror.sync();
  }

  /** Appends the issuance of `certificatePems`, in order, inside the caller's transaction `tx`. */
  async appendIssued(tx: Db, certificatePems: readonly string[]): Promise<void> {
    const records = await Promise.all(certificatePems.map(async (pem) => issuedRecord(await certificateFacts(pem))));
    await appendRecords(tx, records);
  }

  /** Appends the revocation of `certificatePem` at `revokedAt`, inside the caller's transaction `tx`. */
  async appendRevoked(tx: Db, certificatePem: string, revokedAt: Date): Promise<void> {
    await appendRecords(tx, [await revokedRecord(await certificateFacts(certificatePem), revokedAt)]);
  }

  /** The newest signed tree head (one per size, re-signed after {@link TREE_HEAD_MAX_AGE_MS}). */
  async treeHead(): Promise<SignedTreeHead> {
    await this.#mirror.sync();
    const treeSize = this.#mirror.size;
    const now = this.#now();
    const cached = this.#head;
    if (cached?.treeSize === treeSize && now.getTime() - cached.madeAtMs < this.#maxAgeMs) return cached.head;
    const head = this.#sign(treeSize, now);
    this.#head = { treeSize, madeAtMs: now.getTime(), head };
    head.catch(() => {
      if (this.#head?.head === head) this.#head = undefined;
    });
    return head;
  }

  /**
   * The inclusion proof of one entry in the tree of `treeSize` entries (default: the newest
   * signed head's size, see {@link treeHead}).
   * @throws BadInputError for a selector or size that cannot name a proof; NotFoundError for an entry not in the log
   */
  async inclusionProof(selector: LeafSelector, treeSize?: number): Promise<InclusionProof> {
    const leafIndex = await this.#leafIndexOf(selector);
    const size = treeSize ?? (await this.treeHead()).treeSize;
    this.#checkSize(size, 'treeSize', 0);
    if (leafIndex >= size) throw new BadInputError(`Entry ${leafIndex} is not in the tree of ${size} entries.`, 'treeSize', 'not-in-tree');
    return { leafIndex, treeSize: size, auditPathB64: (await this.#mirror.tree.inclusionProof(leafIndex, size)).map(bytesToBase64) };
  }

  /**
   * A certificate's inclusion proof together with the signed head it is for, or null when the
   * certificate is not in the log (a client must then refuse it).
   * @throws PkiError `PEM_MALFORMED` for a PEM that is not a certificate
   */
  async logProof(certificatePem: string): Promise<LogProof | null> {
    const sha256Hex = bytesToHex(certificateSha256(certificatePem));
    const treeHead = await this.treeHead();
    const leafIndex = this.#mirror.issuedIndexOf(sha256Hex);
    if (leafIndex === undefined || leafIndex >= treeHead.treeSize) return null;
    const path = await this.#mirror.tree.inclusionProof(leafIndex, treeHead.treeSize);
    return { leafIndex, treeSize: treeHead.treeSize, auditPathB64: path.map(bytesToBase64), treeHead };
  }

  /**
   * RFC 9162 §2.1.4 consistency proof from the tree of `firstSize` entries to that of `secondSize`.
   * @throws BadInputError unless 1 ≤ firstSize ≤ secondSize ≤ the log's size
   */
  async consistencyProof(firstSize: number, secondSize: number): Promise<string[]> {
    await this.#mirror.sync();
    this.#checkSize(firstSize, 'firstSize', 1);
    this.#checkSize(secondSize, 'secondSize', 1);
    if (firstSize > secondSize) throw new BadInputError('firstSize must not be larger than secondSize.', 'firstSize', 'order');
    return (await this.#mirror.tree.consistencyProof(firstSize, secondSize)).map(bytesToBase64);
  }

  /**
   * The certificates the log holds for `username`, in log order, `first` at most, after entry
   * `afterLeafIndex` (for paging).
   * @throws BadInputError for a name that is not a username, or a page size or index out of range
   */
  async certificatesIn(username: string, first: number, afterLeafIndex?: number): Promise<LoggedCertificate[]> {
    if (!isUsername(username)) throw new BadInputError('That is not a username.', 'username', 'invalid');
    if (!Number.isSafeInteger(first) || first < 1 || first > MAX_LOGGED_CERTIFICATES_PAGE) {
      throw new BadInputError(`first must be from 1 to ${MAX_LOGGED_CERTIFICATES_PAGE}.`, 'first', 'range');
    }
    if (afterLeafIndex !== undefined && afterLeafIndex < 0)
      throw new BadInputError('afterLeafIndex must not be negative.', 'afterLeafIndex', 'range');
    const revocation = alias(logEntries, 'revocation');
    const rows = await this.db
      .select({ issued: logEntries, revocationIndex: revocation.index, revocationLeaf: revocation.leaf })
      .from(logEntries)
      .leftJoin(
        revocation,
        and(eq(revocation.certificateSha256, logEntries.certificateSha256), eq(revocation.entryType, LogEntryType.CertificateRevoked)),
      )
      .where(
        and(
          eq(logEntries.username, username),
          eq(logEntries.entryType, LogEntryType.CertificateIssued),
          afterLeafIndex === undefined ? undefined : gt(logEntries.index, afterLeafIndex),
        ),
      )
      .orderBy(asc(logEntries.index))
      .limit(first);
    return rows.map((row) => toLoggedCertificate(row.issued, row.revocationIndex, row.revocationLeaf));
  }

  async #sign(treeSize: number, timestamp: Date): Promise<SignedTreeHead> {
    const rootHash = await this.#mirror.tree.rootHash(treeSize);
    const fields = { logIdHex: this.key.keyIdHex, treeSize, rootHashHex: bytesToHex(rootHash), timestamp };
    const signature = await signTreeHead(fields, this.key.privateKey);
    this.#publicKeyPem ??= exportStatementPublicKeyPem(this.key.publicKey);
    return {
      treeSize,
      rootHashB64: bytesToBase64(rootHash),
      timestamp,
      logIdHex: this.key.keyIdHex,
      signatureB64: bytesToBase64(signature),
      logPublicKeyPem: await this.#publicKeyPem,
    };
  }

  async #leafIndexOf(selector: LeafSelector): Promise<number> {
    const given = [selector.certificateSha256Hex, selector.serialHex, selector.leafIndex].filter((v) => v !== undefined && v !== null);
    if (given.length !== 1)
      throw new BadInputError('Give exactly one of certificateSha256Hex, serialHex and leafIndex.', 'selector', 'one-of');
    if (typeof selector.leafIndex === 'number') {
      if (selector.leafIndex < 0) throw new BadInputError('leafIndex must not be negative.', 'leafIndex', 'range');
      await this.#mirror.sync();
      if (selector.leafIndex >= this.#mirror.size) throw new NotFoundError(`The log has no entry ${selector.leafIndex}.`);
      return selector.leafIndex;
    }
    if (typeof selector.certificateSha256Hex === 'string') {
      if (!SHA256_HEX.test(selector.certificateSha256Hex)) {
        throw new BadInputError('certificateSha256Hex is 64 lower-case hex digits.', 'certificateSha256Hex', 'malformed');
      }
      await this.#mirror.sync();
      return this.#known(this.#mirror.issuedIndexOf(selector.certificateSha256Hex));
    }
    return this.#known(await this.#issuedIndexBySerial(selector.serialHex ?? ''));
  }

  /** The lowest issuance entry with this serial (a CA that reuses serials shows up in the log). */
  async #issuedIndexBySerial(serialHex: string): Promise<number | undefined> {
    let serial: string;
    try {
      if (serialHex.length > MAX_SERIAL_HEX_LENGTH) throw new RangeError('serial too long');
      serial = normalizeSerialHex(serialHex);
    } catch {
      throw new BadInputError('A certificate serial is lower-case hex.', 'serialHex', 'malformed');
    }
    const [row] = await this.db
      .select({ index: logEntries.index })
      .from(logEntries)
      .where(and(eq(logEntries.serialHex, serial), eq(logEntries.entryType, LogEntryType.CertificateIssued)))
      .orderBy(asc(logEntries.index))
      .limit(1);
    await this.#mirror.sync();
    return row?.index;
  }

  #known(leafIndex: number | undefined): number {
    if (leafIndex === undefined) throw new NotFoundError('No such certificate in the log.');
    return leafIndex;
  }

  /** Throws BAD_USER_INPUT unless `min` ≤ size ≤ the log's size (read at the last sync). */
  #checkSize(size: number, field: string, min: number): void {
    if (!Number.isSafeInteger(size) || size < min) throw new BadInputError(`${field} must be at least ${min}.`, field, 'range');
    if (size > this.#mirror.size)
      throw new BadInputError(`The log has ${this.#mirror.size} entries, fewer than ${field}.`, field, 'beyond-head');
  }

  /**
   * Appends the certificates stored before the log existed, in the order they were made (each
   * revoked one followed by its revocation), so every certificate the API hands out has a proof. Under the log's lock, so
   * instances starting together log each once.
   */
  async #backfill(): Promise<void> {
    const issued = and(eq(logEntries.serialHex, certificates.serialHex), eq(logEntries.entryType, LogEntryType.CertificateIssued));
    const unlogged = this.db
      .select({ one: sql`1` })
      .from(logEntries)
      .where(issued);
    const [any] = await this.db.select({ serialHex: certificates.serialHex }).from(certificates).where(notExists(unlogged)).limit(1);
    if (!any) return;
    await this.db.transaction(async (tx) => {
      await lockLog(tx);
      const missing = await tx
        .select({ pem: certificates.pem, revokedAt: certificates.revokedAt })
        .from(certificates)
        .leftJoin(logEntries, issued)
        .where(isNull(logEntries.index))
        .orderBy(asc(certificates.createdAt), asc(certificates.serialHex));
      const records: LogEntryRecord[] = [];
      for (const cert of missing) {
        const facts = await certificateFacts(cert.pem);
        records.push(await issuedRecord(facts));
        if (cert.revokedAt) records.push(await revokedRecord(facts, cert.revokedAt));
      }
      await appendRecords(tx, records, false);
    });
  }
}

function toLoggedCertificate(issued: LogEntryRow, revocationIndex: number | null, revocationLeaf: Uint8Array | null): LoggedCertificate {
  const entry = decodeLogEntry(issued.leaf);
  const revocation = revocationLeaf ? decodeLogEntry(revocationLeaf) : null;
  if (entry.type !== 'certificate-issued' || revocation?.type === 'certificate-issued') {
    throw new Error(`log entry ${issued.index} or its revocation has another type than its row says`);
  }
  return {
    leafIndex: issued.index,
    certificatePem: encodePem(entry.certificateDer, 'CERTIFICATE'),
    certificateSha256Hex: bytesToHex(issued.certificateSha256),
    serialHex: issued.serialHex,
    revocationLeafIndex: revocationIndex,
    revokedAt: revocation?.revokedAt ?? null,
  };
}

async function lockLog(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${TRANSPARENCY_LOCK_ID})`);
}

/**
 * Inserts `records` at the next indices ([Note: one log, many instances]). The next index is one
 * past the last, which under the lock, in a table without gaps, is the number of entries.
 */
async function appendRecords(tx: Db, records: readonly LogEntryRecord[], lock = true): Promise<void> {
  if (records.length === 0) return;
  if (lock) await lockLog(tx);
  const [last] = await tx.select({ index: logEntries.index }).from(logEntries).orderBy(desc(logEntries.index)).limit(1);
  const next = last === undefined ? 0 : last.index + 1;
  await tx.insert(logEntries).values(records.map((record, i) => ({ ...record, index: next + i })));
}
