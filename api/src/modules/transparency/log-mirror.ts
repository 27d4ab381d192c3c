/**
 * One instance's copy of the certificate transparency log's tree, read from `log_entries`.
 *
 * [Note: one log, many instances]
 * The table is the log; every instance's tree is a copy of it. An append runs inside the
 * transaction that issues or revokes the certificate, under a transaction-scoped advisory lock:
 * it reads the last index and inserts the next ones, so the indices count 0, 1, 2, … with no
 * gap and in commit order. No instance puts its own appends into its tree: before answering
 * (a tree head, a proof) it reads the rows at indices ≥ its size. Its own appends and other
 * instances' reach the tree the same way and only once committed, so a rolled-back registration
 * never enters any tree, and two instances at the same size hold the same root. The read costs
 * one indexed range query, usually empty; concurrent answers share it.
 */
import { asc, gte } from 'drizzle-orm';
import { MerkleTree } from '@seccam/pki';
import { bytesToHex, LogEntryType } from '@seccam/schema';
import type { Db } from '../../db/client.ts';
import { nodeSha256 } from './log-entry-record.ts';
import { logEntries } from './transparency.table.ts';

/** Rows read per query while catching up (the first load reads the whole log in such pages). */
const SYNC_PAGE = 10_000;

export class LogMirror {
  readonly #tree = new MerkleTree(nodeSha256);
  /** Certificate SHA-256 (hex) → index of its issuance entry. */
  readonly #issued = new Map<string, number>();
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  /** The tree of the entries read so far. Read from it; only {@link sync} appends. */
  get tree(): MerkleTree {
    return this.#tree;
  }

  get size(): number {
    return this.#tree.size;
  }

  /** Index of the entry logging the issuance of the certificate whose DER has this SHA-256. */
  issuedIndexOf(certificateSha256Hex: string): number | undefined {
    return this.#issued.get(certificateSha256Hex);
  }

  /**
   * Reads every entry committed before this call that the tree lacks. Calls made while a read
   * runs share one more read, started when it ends (it may have started before they were made).
   * @throws Error when the table has a gap (someone cut the log); entries before the gap stay read
   */
  sync(): Promise<void> {
    if (this.#running === undefined) return this.#run();
    this.#queued ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#run();
      });
    return this.#queued;
  }

  #run(): Promise<void> {
    const run = this.#pull().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #pull(): Promise<void> {
    for (;;) {
      const rows = await this.db
        .select({
          index: logEntries.index,
          leafHash: logEntries.leafHash,
          entryType: logEntries.entryType,
          certificateSha256: logEntries.certificateSha256,
        })
        .from(logEntries)
        .where(gte(logEntries.index, this.#tree.size))
        .orderBy(asc(logEntries.index))
        .limit(SYNC_PAGE);
      for (const row of rows) {
        if (row.index !== this.#tree.size) {
          throw new Error(`log_entries has no entry ${this.#tree.size} (the next is ${row.index}): the log was cut`);
        }
        this.#tree.appendLeafHash(row.leafHash);
        if (row.entryType === LogEntryType.CertificateIssued) this.#issued.set(bytesToHex(row.certificateSha256), row.index);
      }
      if (rows.length < SYNC_PAGE) return;
    }
  }
}
