import { base64ToBytes, bytesToBase64 } from '@seccam/schema';
import { PkiError } from './pki-error.ts';

/**
 * Strict PEM (RFC 7468) framing for the few labels we use.
 *
 * [Note: strict PEM]
 * `@peculiar/x509` accepts PEM, DER, hex or base64 and silently skips text around a PEM block.
 * At a trust boundary that leniency lets one string mean different things to different
 * parsers (openssl, browsers, us), so untrusted input goes through {@link decodePem} first:
 * exactly one block with the expected label, only base64 lines inside, nothing around it
 * but whitespace.
 */

/** PEM labels used by SecCam. `X509 CRL` is the label openssl requires for CRLs. */
export type PemLabel = 'CERTIFICATE' | 'CERTIFICATE REQUEST' | 'X509 CRL' | 'PRIVATE KEY' | 'PUBLIC KEY';

const BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n?-----END ([A-Z0-9 ]+)-----$/;

/**
 * Decodes exactly one PEM block whose label is one of `labels`.
 * @returns the DER bytes
 * @throws PkiError `PEM_MALFORMED`
 */
export function decodePem(text: string, labels: PemLabel | readonly string[]): Uint8Array<ArrayBuffer> {
  const accepted: readonly string[] = typeof labels === 'string' ? [labels] : labels;
  const match = BLOCK.exec(text.trim());
  const [, begin, body, end] = match ?? [];
  if (begin === undefined || body === undefined || begin !== end || !accepted.includes(begin)) {
    throw new PkiError('PEM_MALFORMED', `expected one PEM block labelled ${accepted.join(' or ')}`);
  }
  try {
    const der = base64ToBytes(body.replace(/\r?\n/g, ''));
    if (der.length === 0) throw new PkiError('PEM_MALFORMED', 'empty PEM block');
    return der;
  } catch (cause) {
    throw new PkiError('PEM_MALFORMED', `PEM block ${begin} has a bad base64 body`, { cause });
  }
}

/** Splits a concatenation of PEM blocks (e.g. `chain.pem`) into single blocks, in order. */
export function splitPemBlocks(text: string): string[] {
  return text.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g) ?? [];
}

/** Encodes DER as PEM with 64-column lines and no trailing newline. */
export function encodePem(der: Uint8Array | ArrayBuffer, label: PemLabel): string {
  const b64 = bytesToBase64(der instanceof Uint8Array ? der : new Uint8Array(der));
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

/**
 * Joins PEM blocks into one file body, each block newline-terminated (the form openssl,
 * nginx and node:tls expect for chain files; `@peculiar/x509` output has no final newline).
 */
export function joinPem(blocks: readonly string[]): string {
  return blocks.map((block) => `${block.trim()}\n`).join('');
}
