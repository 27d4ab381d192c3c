import { importEpochKey, unwrapEpochKey, verifyKeySet, type EpochKey } from '@seccam/pki';
import { base64ToBytes } from '@seccam/schema';
import type { EvidenceKeys } from './evidence-manifest.ts';

export type EpochKeysResult =
  /** `keys` is null for wrapped key material when no `enc` private key was supplied. */
  | { readonly ok: true; readonly keys: ReadonlyMap<number, EpochKey> | null }
  | { readonly ok: false; readonly reason: 'key'; readonly detail: string };

/**
 * Turns the key material of an evidence file into epoch keys. It must cover exactly the epochs
 * the frames use. Wrapped keys come in key sets that must carry the driver's signature and an
 * entry for the named recipient; the entry is unwrapped when `encPrivateKey` is given. Disclosed
 * secrets are imported as they are: a wrong one shows up as `decrypt` on the first frame of its
 * epoch.
 */
export async function resolveEpochKeys(
  material: EvidenceKeys,
  streamId: string,
  epochs: readonly number[],
  driverSigPublicKey: CryptoKey,
  encPrivateKey: CryptoKey | undefined,
  crypto: Crypto,
): Promise<EpochKeysResult> {
  const listed = material.kind === 'wrapped' ? material.keySets.map((set) => set.epoch) : material.epochs.map((secret) => secret.epoch);
  if (listed.join() !== epochs.join()) {
    return fail(`the key material covers epochs [${listed.join(', ')}], the frames use [${epochs.join(', ')}]`);
  }
  const keys = new Map<number, EpochKey>();
  if (material.kind === 'disclosed') {
    for (const { epoch, secretB64 } of material.epochs)
      keys.set(epoch, await importEpochKey(base64ToBytes(secretB64), { streamId, epoch }, crypto));
    return { ok: true, keys };
  }
  for (const set of material.keySets) {
    if (set.streamId !== streamId) return fail(`the key set of epoch ${set.epoch} is for stream ${set.streamId}`);
    const verified = await verifyKeySet(set, driverSigPublicKey, crypto);
    if (!verified.ok) return fail(`the key set of epoch ${set.epoch}: ${verified.message}`);
    const entry = set.entries.find((candidate) => candidate.recipient === material.recipient);
    if (entry === undefined) return fail(`the key set of epoch ${set.epoch} has no entry for ${material.recipient}`);
    if (encPrivateKey === undefined) continue;
    const unwrapped = await unwrapEpochKey(base64ToBytes(entry.wrappedKeyB64), encPrivateKey, { streamId, epoch: set.epoch }, crypto);
    if (!unwrapped.ok) return fail(`the wrapped key of epoch ${set.epoch} does not open with this enc key: ${unwrapped.message}`);
    keys.set(set.epoch, unwrapped.epochKey);
  }
  return { ok: true, keys: encPrivateKey === undefined ? null : keys };
}

function fail(detail: string): EpochKeysResult {
  return { ok: false, reason: 'key', detail };
}
