import {
  hashLeaf,
  importStatementPublicKey,
  isPkiError,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHeadSignature,
  type Sha256,
} from '@seccam/pki';
import { requiredWitnesses, type RequiredWitness, type WitnessCheck } from './witness-requirement.ts';
import { base64ToBytes, bytesToHex, concatBytes, isBase64, treeHeadStatementProblem, type TreeHeadFields } from '@seccam/schema';
import { TransparencyError } from './transparency-error.ts';
import { MemoryTransparencyStore, type RememberedTreeHead, type TransparencyStore } from './transparency-store.ts';

// [Note: following the log]
// A certificate the server hands out is only as good as the CA that signed it, and whoever runs
// the API host holds the intermediate CA key. The transparency log (docs/PROTOCOL.md §10) makes
// every issued certificate public, so a certificate the CA issued in secret is refused, and one
// issued in the open is seen by its supposed holder (monitoring). A client follows one log:
// - it pins the log's key id (given out of band, or trusted on first use and then kept);
// - it accepts a signed tree head only when the log's signature verifies with that key and the
//   head is consistent with the newest head it accepted before (a consistency proof from the
//   older size to the newer one, whichever of the two is new): two heads that cannot both be
//   prefixes of one log are a fork, proof that the log showed different histories;
// - it accepts a certificate only with an inclusion proof of the leaf 0x01 || DER in such a head.
// - if it was told to require witnesses, it accepts a head only with valid cosignatures of its
//   size and root by enough of them ([Note: requiring witnesses] in witness-requirement.ts);
// The newest accepted head is kept in a TransparencyStore (public data only), so a fork between
// this session and an earlier one is detected too.

/** A signed tree head as the API sends it (GraphQL `SignedTreeHead`); every field is hostile until checked. */
export interface SignedTreeHeadInfo {
  readonly treeSize: number;
  readonly rootHashB64: string;
  readonly timestamp: string | Date;
  readonly logIdHex: string;
  readonly signatureB64: string;
  readonly logPublicKeyPem: string;
  /** Witness cosignatures of this head (GraphQL `TreeHeadCosignature`), hostile until checked. */
  readonly cosignatures?: readonly TreeHeadCosignatureInfo[] | null | undefined;
}

/** A witness's cosignature as the API sends it (GraphQL `TreeHeadCosignature`). */
export interface TreeHeadCosignatureInfo {
  readonly witnessName: string;
  readonly witnessKeyIdHex: string;
  readonly cosignedAt: string | Date;
  readonly signatureB64: string;
}

/** A certificate's inclusion proof with its head (GraphQL `LogProof`). */
export interface LogProofInfo {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly auditPathB64: readonly string[];
  readonly treeHead: SignedTreeHeadInfo;
}

/** Fetches the consistency proof between two sizes (GraphQL `consistencyProof`, base64 hashes). */
export type ConsistencyProofSource = (firstSize: number, secondSize: number) => Promise<readonly string[]>;

export interface LogFollowerOptions {
  /** Where the pinned log id and the newest accepted head are kept (default: memory, this process only). */
  readonly store?: TransparencyStore;
  /** The log key id to follow, learned out of band; without it the first log seen is pinned (trust on first use). */
  readonly logIdHex?: string;
  readonly consistencyProof: ConsistencyProofSource;
  readonly sha256?: Sha256;
  /** Witnesses whose cosignatures a head must carry ([Note: requiring witnesses]); default none. */
  readonly requireWitnesses?: readonly RequiredWitness[];
  /** How many of `requireWitnesses` must have cosigned (default: all of them). */
  readonly minimumWitnesses?: number;
}

const LOG_ID = /^[0-9a-f]{64}$/;
const CERTIFICATE_ISSUED = Uint8Array.of(0x01);

/** Checks tree heads and certificate inclusion against one log, remembering what it accepted ([Note: following the log]). */
export class LogFollower {
  readonly #store: TransparencyStore;
  readonly #pinned: string | undefined;
  readonly #consistencyProof: ConsistencyProofSource;
  readonly #sha256: Sha256 | undefined;
  readonly #witnesses: WitnessCheck | undefined;
  /** Heads already checked in this process, by `size:rootHex`. */
  readonly #accepted = new Set<string>();
  /** One head check at a time, so two checks never race on the remembered head. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LogFollowerOptions) {
    if (options.logIdHex !== undefined && !LOG_ID.test(options.logIdHex))
      throw new TypeError('logIdHex is 64 lower-case hex digits (SHA-256 of the log key SPKI)');
    this.#store = options.store ?? new MemoryTransparencyStore();
    this.#pinned = options.logIdHex;
    this.#consistencyProof = options.consistencyProof;
    this.#sha256 = options.sha256;
    this.#witnesses = requiredWitnesses(options.requireWitnesses ?? [], options.minimumWitnesses);
  }

  /** The newest head this client accepted (null before the first). */
  async newestHead(): Promise<RememberedTreeHead | null> {
    return (await this.#store.load())?.head ?? null;
  }

  /**
   * Accepts a signed tree head: the pinned log's signature, and consistency with the newest head
   * accepted before, which it then replaces if this one is newer.
   * @throws TransparencyError `MALFORMED`, `UNKNOWN_LOG`, `BAD_SIGNATURE`, `NOT_WITNESSED`, `FORK` or `BAD_PROOF`
   */
  acceptHead(head: SignedTreeHeadInfo): Promise<RememberedTreeHead> {
    const run = this.#queue.then(() => this.#acceptHead(head));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Accepts a certificate only with a valid inclusion proof of its issued entry in an accepted head.
   * @param der the certificate DER
   * @throws TransparencyError `NOT_LOGGED` (no proof) or any code of {@link acceptHead}
   */
  async checkCertificate(der: Uint8Array, proof: LogProofInfo | null | undefined, what: string): Promise<void> {
    if (proof === null || proof === undefined)
      throw new TransparencyError('NOT_LOGGED', `${what} is not in the transparency log: a certificate issued in secret is refused`);
    const head = await this.acceptHead(proof.treeHead);
    if (!Number.isSafeInteger(proof.leafIndex) || proof.leafIndex < 0 || proof.treeSize !== proof.treeHead.treeSize)
      throw new TransparencyError('MALFORMED', `the log proof of ${what} does not match its tree head`);
    const check = await verifyInclusion(
      {
        leafIndex: proof.leafIndex,
        treeSize: proof.treeSize,
        leafHash: await hashLeaf(concatBytes(CERTIFICATE_ISSUED, der), this.#sha256),
        proof: decodeHashes(proof.auditPathB64, `the log proof of ${what}`),
        rootHash: base64ToBytes(head.rootHashB64),
      },
      this.#sha256,
    );
    if (!check.ok) throw new TransparencyError('BAD_PROOF', `the log proof of ${what} is not valid (${check.reason}): ${check.message}`);
  }

  async #acceptHead(head: SignedTreeHeadInfo): Promise<RememberedTreeHead> {
    const fields = headFields(head);
    const key = `${fields.treeSize}:${fields.rootHashHex}`;
    const state = await this.#store.load();
    const pinned = this.#pinned ?? state?.logIdHex;
    if (pinned !== undefined && fields.logIdHex !== pinned)
      throw new TransparencyError(
        'UNKNOWN_LOG',
        `the tree head is from log ${fields.logIdHex}, not the log this client follows (${pinned})`,
      );
    const remembered: RememberedTreeHead = {
      treeSize: fields.treeSize,
      rootHashB64: head.rootHashB64,
      timestamp: fields.timestamp.toISOString(),
      signatureB64: head.signatureB64,
    };
    if (this.#accepted.has(key)) return remembered;

    let publicKey: CryptoKey;
    let keyIdHex: string;
    try {
      ({ publicKey, keyIdHex } = await importStatementPublicKey(head.logPublicKeyPem));
    } catch (error) {
      if (isPkiError(error)) throw new TransparencyError('MALFORMED', `the log key is not an ECDSA P-256 public key (${error.code})`);
      throw error;
    }
    if (keyIdHex !== fields.logIdHex)
      throw new TransparencyError(
        'UNKNOWN_LOG',
        `the log key sent with the tree head has id ${keyIdHex}, not the head's ${fields.logIdHex}`,
      );
    const signature = await verifyTreeHeadSignature(fields, base64ToBytes(head.signatureB64), publicKey);
    if (!signature.ok) throw new TransparencyError('BAD_SIGNATURE', `the tree head is not signed by its log: ${signature.message}`);
    if (this.#witnesses !== undefined) await this.#witnesses(fields, head.cosignatures);

    const newest = state?.head ?? null;
    if (newest !== null) await this.#checkConsistent(newest, remembered);
    this.#accepted.add(key);
    if (newest === null || remembered.treeSize > newest.treeSize) await this.#store.save({ logIdHex: fields.logIdHex, head: remembered });
    return remembered;
  }

  /** Both heads are prefixes of one log: equal at equal sizes, else proven by a consistency proof. */
  async #checkConsistent(a: RememberedTreeHead, b: RememberedTreeHead): Promise<void> {
    const [older, newer] = a.treeSize <= b.treeSize ? [a, b] : [b, a];
    if (older.treeSize === newer.treeSize) {
      if (older.rootHashB64 !== newer.rootHashB64) throw fork(older, newer, 'two different roots for one size');
      return;
    }
    if (older.treeSize === 0) return; // every log extends the empty one
    let path: readonly string[];
    try {
      path = await this.#consistencyProof(older.treeSize, newer.treeSize);
    } catch (cause) {
      throw new TransparencyError('FORK', `the log gave no consistency proof from size ${older.treeSize} to ${newer.treeSize}`, { cause });
    }
    const check = await verifyConsistency(
      {
        firstSize: older.treeSize,
        firstRootHash: base64ToBytes(older.rootHashB64),
        secondSize: newer.treeSize,
        secondRootHash: base64ToBytes(newer.rootHashB64),
        proof: decodeHashes(path, 'the consistency proof'),
      },
      this.#sha256,
    );
    if (!check.ok) throw fork(older, newer, `${check.reason}: ${check.message}`);
  }
}

function fork(older: RememberedTreeHead, newer: RememberedTreeHead, why: string): TransparencyError {
  return new TransparencyError(
    'FORK',
    `the log's head of size ${newer.treeSize} is not consistent with the head of size ${older.treeSize} this client saw before (${why}): the log shows different histories`,
  );
}

/** The statement fields of a wire head, every value checked. */
function headFields(head: SignedTreeHeadInfo | null | undefined): TreeHeadFields {
  if (typeof head !== 'object' || head === null) throw new TransparencyError('MALFORMED', 'the tree head is missing');
  const root = decodeHash(head.rootHashB64, 'the tree head root');
  if (typeof head.signatureB64 !== 'string' || !isBase64(head.signatureB64))
    throw new TransparencyError('MALFORMED', 'the tree head signature is not base64');
  if (typeof head.logPublicKeyPem !== 'string') throw new TransparencyError('MALFORMED', 'the tree head has no log key');
  const fields = {
    logIdHex: head.logIdHex,
    treeSize: head.treeSize,
    rootHashHex: bytesToHex(root),
    timestamp: new Date(head.timestamp),
  };
  const problem = treeHeadStatementProblem(fields);
  if (problem !== null) throw new TransparencyError('MALFORMED', `the tree head is malformed: ${problem}`);
  return fields;
}

function decodeHashes(hashes: unknown, what: string): Uint8Array[] {
  if (!Array.isArray(hashes)) throw new TransparencyError('MALFORMED', `${what} is not a list of hashes`);
  return hashes.map((hash: unknown, index) => decodeHash(hash, `${what} [${index}]`));
}

function decodeHash(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !isBase64(value)) throw new TransparencyError('MALFORMED', `${what} is not base64`);
  const bytes = base64ToBytes(value);
  if (bytes.byteLength !== 32) throw new TransparencyError('MALFORMED', `${what} is ${bytes.byteLength} bytes, not 32`);
  return bytes;
}
