/**
 * An independent witness of the transparency log (docs/PROTOCOL.md §10, "Witness"): run by
 * someone other than the server's operator, it fetches the log's newest signed head, checks it
 * against the last head it cosigned and cosigns it, so that clients that require its
 * cosignature ([Note: requiring witnesses]) only accept heads on the one history it saw.
 *
 * [Note: witness rounds]
 * One round: fetch `treeHead`; refuse a head from another log than the pinned one, a head whose
 * log signature does not verify, a head smaller than the last one cosigned (a rollback) and a
 * head not consistent with it (a fork: a consistency proof from the last cosigned size that
 * does not verify, or that the log refuses to give), keeping both heads as evidence (a proof lost
 * on the network fails the round instead, to be asked again); otherwise remember the head
 * as the last cosigned one and then cosign it and submit the cosignature (remembering first, so
 * that a witness never cosigns a head it has not recorded). The consistency check is the
 * client's own (`LogFollower`), run against the witness's memory.
 */
import { cosignTreeHead, type StatementKey } from '@seccam/pki';
import { base64ToBytes, bytesToBase64, bytesToHex, CodedError } from '@seccam/schema';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import { GraphQLRequestError } from '../client/request-errors.ts';
import { LogFollower, type SignedTreeHeadInfo } from './log-follower.ts';
import { consistencyProofsFrom, SubmitTreeHeadCosignatureDocument, TreeHeadDocument } from './log-operations.ts';
import { isTransparencyError } from './transparency-error.ts';
import type { RememberedTreeHead, TransparencyState } from './transparency-store.ts';

/** Why a witness refused to cosign: each is an alarm, with the evidence kept ([Note: witness rounds]). */
export type WitnessErrorCode =
  /** The log showed a head that does not extend the last head this witness cosigned. */
  | 'FORK'
  /** The log showed a head smaller than the last head this witness cosigned. */
  | 'ROLLBACK'
  /** The head is from another log key than the one this witness follows, or its signature does not verify. */
  | 'BAD_HEAD';

export class WitnessError extends CodedError<WitnessErrorCode> {
  override readonly name = 'WitnessError';
  constructor(
    code: WitnessErrorCode,
    message: string,
    /** Where the evidence of the two heads was kept. */
    readonly evidencePath: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** True if `error` is a WitnessError (optionally with the given code). */
export function isWitnessError(error: unknown, code?: WitnessErrorCode): error is WitnessError {
  return error instanceof WitnessError && (code === undefined || error.code === code);
}

/** What a witness remembers: its name, the log it follows and the last head it cosigned (public data). */
export interface WitnessState {
  readonly name: string;
  /** The log key id followed; null until the first round pins it (trust on first use). */
  readonly logIdHex: string | null;
  readonly lastCosigned: (RememberedTreeHead & { readonly cosignedAt: string }) | null;
}

/** Evidence of a refused head: the last cosigned head and the head the log showed, both as the log signed them. */
export interface WitnessEvidence {
  readonly code: WitnessErrorCode;
  readonly message: string;
  readonly detectedAt: string;
  readonly logIdHex: string | null;
  readonly lastCosigned: WitnessState['lastCosigned'];
  readonly shown: unknown;
}

/** Keeps the witness's state and evidence (files for the CLI: `FileWitnessStore` in @seccam/device/node). */
export interface WitnessStore {
  load(): Promise<WitnessState>;
  save(state: WitnessState): Promise<void>;
  /** Keeps `evidence` and says where. */
  keepEvidence(evidence: WitnessEvidence): Promise<string>;
}

/** The outcome of a round that cosigned. */
export interface WitnessRound {
  readonly treeSize: number;
  readonly rootHashB64: string;
  readonly cosignedAt: Date;
  /** Whether the head was new to this witness (a larger size than the last one cosigned). */
  readonly grew: boolean;
}

export interface WitnessOptions {
  readonly key: StatementKey;
  readonly store: WitnessStore;
  readonly now?: () => Date;
}

/** One witness: its key and its memory ([Note: witness rounds]). */
export class Witness {
  readonly #key: StatementKey;
  readonly #store: WitnessStore;
  readonly #now: () => Date;

  constructor(options: WitnessOptions) {
    this.#key = options.key;
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Runs one round against the log `client` talks to.
   * @throws WitnessError `FORK`, `ROLLBACK` or `BAD_HEAD` (an alarm, evidence kept); GraphQLRequestError or a network error
   *   when the log cannot be reached or refuses the cosignature
   */
  async round(client: SeccamClient): Promise<WitnessRound> {
    const state = await this.#store.load();
    const { treeHead } = await client.graphql(printDocument(TreeHeadDocument));
    const last = state.lastCosigned;
    if (last !== null && typeof treeHead.treeSize === 'number' && treeHead.treeSize < last.treeSize) {
      throw await this.#alarm(
        state,
        treeHead,
        'ROLLBACK',
        `the log shows a head of size ${treeHead.treeSize}, smaller than the head of size ${last.treeSize} this witness cosigned`,
      );
    }
    const memory: TransparencyState | null = state.logIdHex !== null && last !== null ? { logIdHex: state.logIdHex, head: last } : null;
    // A consistency proof the log refuses or gets wrong is evidence; one lost on the network is not:
    // that round fails and the next one asks again.
    let unreachable: Error | undefined;
    const proofs = consistencyProofsFrom(client);
    const follower = new LogFollower({
      ...(state.logIdHex !== null ? { logIdHex: state.logIdHex } : {}),
      // The witness's memory is its state file, written below once the head is accepted.
      store: { load: () => Promise.resolve(memory), save: () => Promise.resolve() },
      consistencyProof: (first, second) =>
        proofs(first, second).catch((error: unknown) => {
          if (!(error instanceof GraphQLRequestError)) unreachable = error instanceof Error ? error : new Error(String(error));
          throw error;
        }),
    });
    const head = await follower.acceptHead(treeHead as SignedTreeHeadInfo).catch(async (error: unknown) => {
      if (unreachable !== undefined) throw unreachable;
      if (isTransparencyError(error, 'FORK') || isTransparencyError(error, 'BAD_PROOF'))
        throw await this.#alarm(state, treeHead, 'FORK', error.message, error);
      if (isTransparencyError(error)) throw await this.#alarm(state, treeHead, 'BAD_HEAD', error.message, error);
      throw error;
    });
    const cosignedAt = this.#now();
    // The follower checked the head against the pinned id or, on the first round, its own key.
    const logIdHex = state.logIdHex ?? treeHead.logIdHex;
    await this.#store.save({ name: state.name, logIdHex, lastCosigned: { ...head, cosignedAt: cosignedAt.toISOString() } });
    const signature = await cosignTreeHead(
      {
        witnessName: state.name,
        witnessKeyIdHex: this.#key.keyIdHex,
        logIdHex,
        treeSize: head.treeSize,
        rootHashHex: bytesToHex(base64ToBytes(head.rootHashB64)),
        cosignedAt,
      },
      this.#key.privateKey,
    );
    await client.graphql(printDocument(SubmitTreeHeadCosignatureDocument), {
      input: {
        witnessName: state.name,
        treeSize: head.treeSize,
        rootHashB64: head.rootHashB64,
        timestamp: head.timestamp,
        logSignatureB64: head.signatureB64,
        cosignedAt: cosignedAt.toISOString(),
        cosignatureB64: bytesToBase64(signature),
      },
    });
    return { treeSize: head.treeSize, rootHashB64: head.rootHashB64, cosignedAt, grew: last === null || head.treeSize > last.treeSize };
  }

  async #alarm(state: WitnessState, shown: unknown, code: WitnessErrorCode, message: string, cause?: unknown): Promise<WitnessError> {
    const evidence: WitnessEvidence = {
      code,
      message,
      detectedAt: this.#now().toISOString(),
      logIdHex: state.logIdHex,
      lastCosigned: state.lastCosigned,
      shown,
    };
    const path = await this.#store.keepEvidence(evidence);
    return new WitnessError(code, `${message}; evidence of both heads kept in ${path}`, path, cause === undefined ? undefined : { cause });
  }
}
