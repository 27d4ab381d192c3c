/**
 * The log key the platform publishes (the key of its newest signed tree head), for a verifier
 * that pins it the way it pins the platform root: fetched once while online, then used offline
 * ([Note: log proof in evidence]).
 */
import { importStatementPublicKey } from '@seccam/pki';
import { graphql } from '../gql/index.ts';
import type { SeccamClient } from '../client/seccam-client.ts';
import { printDocument } from '../client/print-document.ts';
import { TransparencyError } from './transparency-error.ts';

export const PlatformLogKeyDocument = graphql(`
  query PlatformLogKey {
    treeHead {
      logIdHex
      logPublicKeyPem
    }
  }
`);

/** A log key and its id (SHA-256 of its SPKI DER), computed here rather than taken from the answer. */
export interface PlatformLogKey {
  readonly logIdHex: string;
  readonly logPublicKeyPem: string;
}

/**
 * The platform's log key, as this server publishes it (to show and pin, never to trust blindly).
 * @throws TransparencyError `MALFORMED` when the key is not a P-256 key or its id is not the one the server names
 */
export async function fetchPlatformLogKey(client: SeccamClient, crypto: Crypto = globalThis.crypto): Promise<PlatformLogKey> {
  const { treeHead } = await client.graphql(printDocument(PlatformLogKeyDocument));
  let keyIdHex: string;
  try {
    ({ keyIdHex } = await importStatementPublicKey(treeHead.logPublicKeyPem, crypto));
  } catch (cause) {
    throw new TransparencyError('MALFORMED', 'the platform log key is not an ECDSA P-256 public key', { cause });
  }
  if (keyIdHex !== treeHead.logIdHex)
    throw new TransparencyError('MALFORMED', `the platform log key has id ${keyIdHex}, not the ${treeHead.logIdHex} the server names`);
  return { logIdHex: keyIdHex, logPublicKeyPem: treeHead.logPublicKeyPem };
}
