import { decodePem, encodePem, importStatementPublicKey, isPkiError, verifyTreeHeadCosignature } from '@seccam/pki';
import { base64ToBytes, isBase64, isWitnessName, type TreeHeadFields } from '@seccam/schema';
import type { TreeHeadCosignatureInfo } from './log-follower.ts';
import { TransparencyError } from './transparency-error.ts';

// [Note: requiring witnesses]
// A client's own memory catches a fork only once it has seen both branches. A witness
// (docs/PROTOCOL.md §10, "Witness") follows the log from elsewhere and cosigns a head only if it
// extends every head it cosigned before, so a client that requires its cosignature only ever
// accepts heads on the one history the witness saw: a server that shows this client a branch
// of its own cannot get it cosigned. The client is given each witness's name and public key out
// of band (`requireWitnesses`), and accepts a head only when at least `minimumWitnesses` of them
// (default: all) cosigned its log id, size and root. Cosignatures by anyone else, and invalid
// ones, are ignored rather than refused, since the server may list witnesses this client does
// not know; what counts is whether enough valid ones from the required witnesses are there.
// A certificate logged after the witness's last round is refused until the witness runs again.

/** A witness a client requires: its name and its public key (SPKI PEM, or base64 of the SPKI DER as `witness init` prints). */
export interface RequiredWitness {
  readonly name: string;
  readonly publicKey: string;
}

/** Checks a head's cosignatures, throwing `NOT_WITNESSED` when too few of the required witnesses cosigned it. */
export type WitnessCheck = (head: TreeHeadFields, cosignatures: readonly TreeHeadCosignatureInfo[] | null | undefined) => Promise<void>;

/**
 * The check of `witnesses` cosignatures ([Note: requiring witnesses]); undefined when none is required.
 * @throws TypeError for a bad witness list: a name that is not a witness name or given twice, a
 *   key that is neither PEM nor base64, a minimum outside 1 … the number of witnesses; PkiError
 *   `PEM_MALFORMED` for a PEM that is not a public key (a key that is not P-256 fails the first check)
 */
export function requiredWitnesses(witnesses: readonly RequiredWitness[], minimum = witnesses.length): WitnessCheck | undefined {
  if (witnesses.length === 0) {
    if (minimum !== 0) throw new TypeError('minimumWitnesses needs requireWitnesses');
    return undefined;
  }
  if (!Number.isSafeInteger(minimum) || minimum < 1 || minimum > witnesses.length)
    throw new TypeError(`minimumWitnesses must be from 1 to ${witnesses.length}`);
  const names = new Set<string>();
  for (const { name } of witnesses) {
    if (!isWitnessName(name)) throw new TypeError(`${JSON.stringify(name)} is not a witness name (a-z 0-9 . -, at most 64)`);
    if (names.has(name)) throw new TypeError(`the witness ${name} is listed twice`);
    names.add(name);
  }
  const pems = witnesses.map((w) => ({ name: w.name, pem: witnessKeyPem(w) }));
  const keys = Promise.all(pems.map(async ({ name, pem }) => ({ name, ...(await importStatementPublicKey(pem)) })));
  keys.catch(() => undefined); // reported at the first check
  return async (head, cosignatures) => {
    const trusted = await keys.catch((error: unknown) => {
      throw new TypeError(`a required witness key is not an ECDSA P-256 public key${isPkiError(error) ? ` (${error.code})` : ''}`, {
        cause: error,
      });
    });
    const cosigned = new Set<string>();
    for (const cosignature of Array.isArray(cosignatures) ? (cosignatures as unknown[]) : []) {
      const witness = trusted.find((w) => isCosignatureInfo(cosignature) && w.name === cosignature.witnessName);
      if (witness === undefined || !isCosignatureInfo(cosignature) || cosignature.witnessKeyIdHex !== witness.keyIdHex) continue;
      const fields = {
        ...head,
        witnessName: witness.name,
        witnessKeyIdHex: witness.keyIdHex,
        cosignedAt: new Date(cosignature.cosignedAt),
      };
      if ((await verifyTreeHeadCosignature(fields, cosignature.signatureB64, witness.publicKey)).ok) cosigned.add(witness.name);
    }
    if (cosigned.size < minimum) {
      const missing = trusted.filter((w) => !cosigned.has(w.name)).map((w) => w.name);
      throw new TransparencyError(
        'NOT_WITNESSED',
        `the tree head of size ${head.treeSize} has valid cosignatures of ${cosigned.size} of the witnesses this client requires, not ${minimum} (missing: ${missing.join(', ')})`,
      );
    }
  };
}

function witnessKeyPem(witness: RequiredWitness): string {
  if (typeof witness.publicKey !== 'string') throw new TypeError(`the key of witness ${witness.name} is not a string`);
  const text = witness.publicKey.trim();
  if (text.startsWith('-----BEGIN')) return encodePem(decodePem(text, 'PUBLIC KEY'), 'PUBLIC KEY');
  if (!isBase64(text)) throw new TypeError(`the key of witness ${witness.name} is neither an SPKI PEM nor base64`);
  return encodePem(base64ToBytes(text), 'PUBLIC KEY');
}

function isCosignatureInfo(value: unknown): value is TreeHeadCosignatureInfo {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.witnessName === 'string' &&
    typeof c.witnessKeyIdHex === 'string' &&
    (typeof c.cosignedAt === 'string' || c.cosignedAt instanceof Date) &&
    typeof c.signatureB64 === 'string'
  );
}
