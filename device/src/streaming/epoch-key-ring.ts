import { base64ToBytes, isBase64 } from '@seccam/schema';
import { unwrapEpochKey, verifyKeySet, type EpochKey } from '@seccam/pki';
import type { SeccamClient } from '../client/seccam-client.ts';
import type { Identity } from './identity.ts';
import { fetchEpochKeys, type EpochKeyRecord } from './stream-operations.ts';
import { unrefTimer } from './timers.ts';

/** Why no content key is available for an epoch. */
export type KeyFailureReason =
  /** The server holds no wrapped key for this viewer (access ended, or not yet published). */
  | 'no-key'
  /** The wrapped key's key-set signature does not verify with the driver's `sig` key. */
  | 'key-set'
  /** RSA-OAEP unwrapping failed (made for another key, stream or epoch, or altered). */
  | 'unwrap';

export type EpochKeyResult =
  | { readonly ok: true; readonly epochKey: EpochKey }
  | { readonly ok: false; readonly reason: KeyFailureReason; readonly epoch: number; readonly message: string };

/** How long a missing key is remembered before asking the server again. */
const NEGATIVE_TTL_MS = 5000;

/**
 * A viewer's content keys for one stream, fetched per epoch on demand (`epochKeys`), each
 * checked against the driver's signature over its one-entry key set and unwrapped with the
 * viewer's `enc` key. Lookups of one epoch share one fetch. A missing key is remembered briefly
 * (`forget` drops it, e.g. on an `epoch` message).
 */
export class EpochKeyRing {
  readonly #results = new Map<number, { result: Promise<EpochKeyResult> }>();

  constructor(
    readonly client: SeccamClient,
    readonly streamId: string,
    readonly identity: Pick<Identity, 'encPrivateKey' | 'encSerialHex'>,
    readonly driverSigPublicKey: CryptoKey,
  ) {}

  keyFor(epoch: number): Promise<EpochKeyResult> {
    const cached = this.#results.get(epoch);
    if (cached !== undefined) return cached.result;
    const result = this.#fetch(epoch).then((outcome) => {
      if (!outcome.ok)
        unrefTimer(
          setTimeout(() => {
            this.#expire(epoch, entry);
          }, NEGATIVE_TTL_MS),
        );
      return outcome;
    });
    const entry = { result };
    this.#results.set(epoch, entry);
    return result;
  }

  /** Forgets a failed lookup so the next one asks the server again. Keys already found are kept. */
  async forget(epoch: number): Promise<void> {
    const cached = this.#results.get(epoch);
    if (cached !== undefined && !(await cached.result).ok && this.#results.get(epoch) === cached) this.#results.delete(epoch);
  }

  #expire(epoch: number, entry: { result: Promise<EpochKeyResult> }): void {
    if (this.#results.get(epoch) === entry) this.#results.delete(epoch);
  }

  async #fetch(epoch: number): Promise<EpochKeyResult> {
    const fail = (reason: KeyFailureReason, message: string): EpochKeyResult => ({ ok: false, reason, epoch, message });
    let records: readonly EpochKeyRecord[];
    try {
      records = await fetchEpochKeys(this.client, this.streamId, epoch);
    } catch (error) {
      return fail('no-key', `could not fetch the key of epoch ${epoch}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const own = records.find((r) => r.streamId === this.streamId && r.epoch === epoch && r.recipientSerial === this.identity.encSerialHex);
    if (own === undefined) return fail('no-key', `no key of epoch ${epoch} is wrapped to certificate ${this.identity.encSerialHex}`);
    const checked = await verifyKeySet(
      {
        streamId: this.streamId,
        epoch,
        entries: [{ recipient: own.recipientSerial, wrappedKeyB64: own.wrappedKeyB64 }],
        signatureB64: own.signatureB64,
      },
      this.driverSigPublicKey,
    );
    if (!checked.ok) return fail('key-set', `the key of epoch ${epoch} is not signed by the driver (${checked.message})`);
    if (!isBase64(own.wrappedKeyB64)) return fail('key-set', `the key of epoch ${epoch} is not base64`);
    const unwrapped = await unwrapEpochKey(base64ToBytes(own.wrappedKeyB64), this.identity.encPrivateKey, {
      streamId: this.streamId,
      epoch,
    });
    if (!unwrapped.ok) return fail('unwrap', `the key of epoch ${epoch} does not unwrap: ${unwrapped.message}`);
    return { ok: true, epochKey: unwrapped.epochKey };
  }
}
