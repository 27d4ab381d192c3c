import type { CertificateAuthority } from './certificate-authority.ts';
import { parseCertificatePem } from './certificate-signer.ts';
import { ecdsaSignParams } from './key-algorithms.ts';
import { encodePem } from './pem.ts';
import { PkiError } from './pki-error.ts';
import { normalizeSerialHex } from './serial-number.ts';
import { AuthorityKeyIdentifierExtension, defaultCrypto, Extension, X509CrlGenerator } from './x509.ts';

/** One revoked certificate. */
export interface RevokedCertificate {
  serialHex: string;
  revokedAt: Date;
}

/** Options of {@link createCrl}. */
export interface CrlOptions {
  /** Default: now. */
  thisUpdate?: Date;
  /** Default: thisUpdate + 7 days. */
  nextUpdate?: Date;
  /** CRL number (RFC 5280 §5.2.3), must grow with each CRL; default: thisUpdate in ms. */
  crlNumber?: bigint;
}

/** Default CRL lifetime. */
export const CRL_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const OID_CRL_NUMBER = '2.5.29.20';

/**
 * Creates a v2 CRL signed by `issuer`, PEM-encoded with the `X509 CRL` label openssl and
 * nginx require (`@peculiar/x509`'s own `toString('pem')` writes `CRL`, which they refuse).
 *
 * [Note: CRL always has nextUpdate]
 * The CRL always carries nextUpdate, and {@link verifyChain} refuses CRLs without one:
 * besides RFC 5280 §5.1.2.5 asking for it, `@peculiar/x509` 2.2 parses a CRL that lacks
 * nextUpdate with an empty revoked list (measured), which would silently unrevoke
 * everything in it.
 *
 * @param crypto WebCrypto provider (default: `globalThis.crypto`)
 * @throws PkiError `INVALID_ARGUMENT` for a bad serial, duplicate serial or date order
 */
export async function createCrl(
  issuer: CertificateAuthority,
  revoked: readonly RevokedCertificate[],
  options: CrlOptions = {},
  crypto: Crypto = defaultCrypto,
): Promise<string> {
  const issuerCert = parseCertificatePem(issuer.certPem);
  const thisUpdate = options.thisUpdate ?? new Date();
  const nextUpdate = options.nextUpdate ?? new Date(thisUpdate.getTime() + CRL_LIFETIME_MS);
  if (!(nextUpdate.getTime() > thisUpdate.getTime())) {
    throw new PkiError('INVALID_ARGUMENT', 'nextUpdate must be after thisUpdate');
  }
  const crlNumber = options.crlNumber ?? BigInt(thisUpdate.getTime());
  const seen = new Set<string>();
  const entries = revoked.map(({ serialHex, revokedAt }) => {
    const serialNumber = normalizeSerialHex(serialHex);
    if (seen.has(serialNumber)) throw new PkiError('INVALID_ARGUMENT', `serial ${serialNumber} listed twice`);
    seen.add(serialNumber);
    return { serialNumber, revocationDate: revokedAt };
  });
  const crl = await X509CrlGenerator.create(
    {
      issuer: issuerCert.subjectName,
      thisUpdate,
      nextUpdate,
      entries,
      signingKey: issuer.keys.privateKey,
      signingAlgorithm: ecdsaSignParams(),
      extensions: [
        await AuthorityKeyIdentifierExtension.create(issuerCert.publicKey, false, crypto),
        new Extension(OID_CRL_NUMBER, false, derInteger(crlNumber)),
      ],
    },
    crypto,
  );
  return encodePem(new Uint8Array(crl.rawData), 'X509 CRL');
}

/** DER INTEGER of a non-negative bigint. */
function derInteger(value: bigint): Uint8Array<ArrayBuffer> {
  if (value < 0n) throw new PkiError('INVALID_ARGUMENT', 'crlNumber must not be negative');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const body = hex.match(/../g)?.map((byte) => Number.parseInt(byte, 16)) ?? [];
  if (body.length > 20) throw new PkiError('INVALID_ARGUMENT', 'crlNumber must fit in 20 octets');
  return new Uint8Array([0x02, body.length, ...body]);
}
