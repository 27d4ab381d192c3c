/**
 * Witness cosignatures of the log's tree heads, server side (docs/PROTOCOL.md §10, "Witness"):
 * a witness the operator configured (`TRANSPARENCY_WITNESSES`) submits its cosignature of a head
 * the log signed; the service checks it and keeps it, and serves the cosignatures of a head with
 * that head. The server cannot make a cosignature, only keep or drop one: a client that requires
 * a witness checks the cosignature itself ([Note: tree head cosignature] in @seccam/schema).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { encodePem, importStatementPublicKey, verifyTreeHeadCosignature, verifyTreeHeadSignature } from '@seccam/pki';
import { base64ToBytes, bytesEqual, bytesToBase64, bytesToHex, hexToBytes, isBase64 } from '@seccam/schema';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { BadInputError, ConflictError, ForbiddenError } from '../../errors.ts';
import { RateLimiter, type RateLimit } from '../../rate-limiter.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { treeHeadCosignatures, type TreeHeadCosignatureRow } from './cosignatures.table.ts';
import type { TransparencyService } from './transparency.service.ts';
import type { TreeHeadCosignature } from './transparency.type.ts';

/** Submissions one address may make (a witness runs about once a minute). */
export const COSIGNATURE_RATE: RateLimit = { max: 30, windowMs: 60_000 };
/** How long the cosignatures of one head are reused: a list of certificates carries the same head many times. */
export const COSIGNATURES_CACHE_MS = 1_000;
/** A cosignature dated further in the future than this is refused (clock skew allowance). */
export const COSIGNATURE_MAX_FUTURE_MS = 5 * 60_000;

/** What a witness submits (GraphQL `TreeHeadCosignatureInput`): the head as the log signed it, and the witness's cosignature. */
export interface CosignatureSubmission {
  readonly witnessName: string;
  readonly treeSize: number;
  readonly rootHashB64: string;
  readonly timestamp: Date;
  readonly logSignatureB64: string;
  readonly cosignedAt: Date;
  readonly cosignatureB64: string;
}

interface Witness {
  readonly name: string;
  readonly publicKey: CryptoKey;
  readonly keyIdHex: string;
}

export class WitnessCosignatures {
  readonly #witnesses: Promise<readonly Witness[]>;
  readonly #limiter = new RateLimiter(COSIGNATURE_RATE, 'cosignatures');
  /** The cosignatures of the heads asked for last, by `size:root`, each with when it was read. */
  #recent = new Map<string, { readonly atMs: number; readonly cosignatures: Promise<TreeHeadCosignature[]> }>();

  constructor(
    private readonly db: Db,
    private readonly log: TransparencyService,
    private readonly audit: AuditService,
    witnesses: Config['transparencyWitnesses'],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#witnesses = Promise.all(
      witnesses.map(async ({ name, publicKeySpkiB64 }) => {
        const { publicKey, keyIdHex } = await importStatementPublicKey(encodePem(base64ToBytes(publicKeySpkiB64), 'PUBLIC KEY'));
        return { name, publicKey, keyIdHex };
      }),
    );
  }

  /** Imports the configured witness keys; throws (at start-up) for a key that is not ECDSA P-256 SPKI. */
  async load(): Promise<void> {
    await this.#witnesses;
  }

  /**
   * Checks and keeps a witness's cosignature: a configured witness, a head the log signed whose
   * root is this log's root at that size, and a cosignature that verifies with the witness key.
   * @throws ForbiddenError for a witness not configured; BadInputError for anything malformed or not verifying;
   *   ConflictError for a head this log did not sign; RateLimitedError
   */
  async submit(input: CosignatureSubmission, ip: string): Promise<TreeHeadCosignature> {
    this.#limiter.hit(ip);
    const witness = (await this.#witnesses).find((w) => w.name === input.witnessName);
    if (witness === undefined) throw new ForbiddenError(`No witness named ${JSON.stringify(input.witnessName)} is configured on this log.`);
    const root = hashOf(input.rootHashB64);
    const head = { logIdHex: this.log.logIdHex, treeSize: input.treeSize, rootHashHex: bytesToHex(root), timestamp: input.timestamp };
    const logSignature = await verifyTreeHeadSignature(head, signatureOf(input.logSignatureB64, 'logSignatureB64'), this.log.publicKey);
    if (!logSignature.ok) {
      if (logSignature.reason === 'malformed')
        throw new BadInputError(`The head is malformed: ${logSignature.message}`, 'treeSize', 'malformed');
      throw new ConflictError('This log did not sign that head.', 'logSignatureB64');
    }
    const ours = await this.log.rootHashAt(input.treeSize);
    if (ours === null || !bytesEqual(ours, root)) throw new ConflictError('That head is not in this log’s tree.', 'rootHashB64');
    if (input.cosignedAt.getTime() > this.now().getTime() + COSIGNATURE_MAX_FUTURE_MS)
      throw new BadInputError('cosignedAt is in the future.', 'cosignedAt', 'future');
    const signature = signatureOf(input.cosignatureB64, 'cosignatureB64');
    const statement = { ...head, witnessName: witness.name, witnessKeyIdHex: witness.keyIdHex, cosignedAt: input.cosignedAt };
    const check = await verifyTreeHeadCosignature(statement, signature, witness.publicKey);
    if (!check.ok) throw new BadInputError(`The cosignature does not verify: ${check.message}`, 'cosignatureB64', check.reason);
    const row = { witnessKeyId: hexToBytes(witness.keyIdHex), witnessName: witness.name, treeSize: input.treeSize, rootHash: root };
    const [stored] = await this.db
      .insert(treeHeadCosignatures)
      .values({ ...row, cosignedAt: input.cosignedAt, signature })
      .onConflictDoUpdate({
        target: [treeHeadCosignatures.witnessKeyId, treeHeadCosignatures.treeSize],
        set: { cosignedAt: input.cosignedAt, signature, receivedAt: sql`now()` },
        setWhere: sql`${treeHeadCosignatures.cosignedAt} < ${input.cosignedAt.toISOString()}`,
      })
      .returning({ firstTime: sql<boolean>`xmax = 0` });
    this.#recent.delete(`${input.treeSize}:${bytesToBase64(root)}`);
    // One audit entry per witness and size (the witness re-cosigns an unchanged head every run).
    if (stored?.firstTime === true) {
      await this.audit.record({
        actor: `witness:${witness.name}`,
        action: 'transparency.cosigned',
        subject: String(input.treeSize),
        detail: bytesToHex(root),
        ip,
      });
    }
    return toCosignature({ ...row, cosignedAt: input.cosignedAt, signature });
  }

  /**
   * The cosignatures kept for the head of `treeSize` entries with root `rootHashB64`, by the
   * witnesses configured now (read at most once per {@link COSIGNATURES_CACHE_MS} per head).
   */
  forHead(treeSize: number, rootHashB64: string): Promise<TreeHeadCosignature[]> {
    const key = `${treeSize}:${rootHashB64}`;
    const nowMs = this.now().getTime();
    const cached = this.#recent.get(key);
    if (cached !== undefined && nowMs - cached.atMs < COSIGNATURES_CACHE_MS) return cached.cosignatures;
    if (this.#recent.size >= 64) this.#recent = new Map();
    const cosignatures = this.#read(treeSize, rootHashB64);
    this.#recent.set(key, { atMs: nowMs, cosignatures });
    cosignatures.catch(() => this.#recent.delete(key));
    return cosignatures;
  }

  async #read(treeSize: number, rootHashB64: string): Promise<TreeHeadCosignature[]> {
    const witnesses = await this.#witnesses;
    if (witnesses.length === 0 || !isBase64(rootHashB64)) return [];
    const rows = await this.db
      .select()
      .from(treeHeadCosignatures)
      .where(
        and(
          eq(treeHeadCosignatures.treeSize, treeSize),
          eq(treeHeadCosignatures.rootHash, base64ToBytes(rootHashB64)),
          inArray(
            treeHeadCosignatures.witnessKeyId,
            witnesses.map((w) => hexToBytes(w.keyIdHex)),
          ),
        ),
      )
      .orderBy(treeHeadCosignatures.witnessName);
    return rows.map(toCosignature);
  }
}

function toCosignature(
  row: Pick<TreeHeadCosignatureRow, 'witnessName' | 'witnessKeyId' | 'cosignedAt' | 'signature'>,
): TreeHeadCosignature {
  return {
    witnessName: row.witnessName,
    witnessKeyIdHex: bytesToHex(row.witnessKeyId),
    cosignedAt: row.cosignedAt,
    signatureB64: bytesToBase64(row.signature),
  };
}

function hashOf(b64: string): Uint8Array {
  const bytes = isBase64(b64) ? base64ToBytes(b64) : undefined;
  if (bytes?.byteLength !== 32) throw new BadInputError('rootHashB64 is a 32-byte hash in base64.', 'rootHashB64', 'malformed');
  return bytes;
}

function signatureOf(b64: string, field: string): Uint8Array {
  const bytes = isBase64(b64) ? base64ToBytes(b64) : undefined;
  if (bytes?.byteLength !== 64) throw new BadInputError(`${field} is a 64-byte raw r||s signature in base64.`, field, 'malformed');
  return bytes;
}
