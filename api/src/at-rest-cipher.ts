/**
 * Encryption of server-held secrets at rest (TOTP secrets, e-mail addresses).
 *
 * Format: `0x01 | iv(12) | AES-256-GCM ciphertext with 16-byte tag`. The AAD names the purpose
 * and the owning row (e.g. `totp|alice`), so a ciphertext copied into another user's row does
 * not decrypt. These are *server* secrets: unlike video, the server must read them to do its job.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 1;

export function encryptAtRest(key: Uint8Array, plaintext: string, aad: string): Uint8Array {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, body]));
}

export function decryptAtRest(key: Uint8Array, blob: Uint8Array, aad: string): string {
  if (blob.length < 1 + 12 + 16 || blob[0] !== VERSION) throw new Error('Unrecognised at-rest ciphertext');
  const iv = blob.subarray(1, 13);
  const tag = blob.subarray(blob.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(blob.subarray(13, blob.length - 16)), decipher.final()]).toString('utf8');
}

/** HMAC-SHA256, for keyed lookups (e-mail uniqueness, token hashes). */
export function keyedHash(key: Uint8Array, value: string | Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', key).update(value).digest());
}
