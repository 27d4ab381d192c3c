// Test support only: hostile CSRs for refusal tests (exported as `@seccam/pki/testing`). They
// are built directly with @peculiar/x509 so they can carry a key other than the one that signs
// them, or a key of the wrong type or size — everything `createIdentityCsrs` never makes.
import { Pkcs10CertificateRequestGenerator } from './x509.ts';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** An extractable signing key pair: ECDSA P-256, or RSASSA-PKCS1-v1_5 of `modulusLength` bits. */
export async function generateKeyPair(kind: 'ecdsa' | 'rsa', modulusLength = 2048): Promise<CryptoKeyPair> {
  const algorithm =
    kind === 'ecdsa' ? ECDSA : { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

/** A CSR for `name` over `keys.publicKey`, signed with `keys.privateKey` (which may not match). */
export async function csrWithKeys(name: string, keys: CryptoKeyPair, kind: 'ecdsa' | 'rsa'): Promise<string> {
  const csr = await Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: kind === 'ecdsa' ? ECDSA : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  });
  return csr.toString('pem');
}
