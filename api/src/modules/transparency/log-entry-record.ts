/**
 * From a certificate to the row that logs it: the leaf ([Note: log entry] in @seccam/schema),
 * its leaf hash, and the lookup columns ([Note: log columns follow the leaf]).
 */
import { createHash } from 'node:crypto';
import { decodePem, describeCertificate, hashLeaf, type Sha256 } from '@seccam/pki';
import { encodeLogEntry, LogEntryType } from '@seccam/schema';
import type { logEntries } from './transparency.table.ts';

/** SHA-256 through node:crypto. */
export function sha256Of(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(data).digest());
}

/** The server's SHA-256 for the log's tree: synchronous ([Note: hash provider] in @seccam/pki). */
export const nodeSha256: Sha256 = sha256Of;

/** A row to append, without its index (the log assigns it under its lock). */
export type LogEntryRecord = Omit<typeof logEntries.$inferInsert, 'index' | 'loggedAt'>;

/** What the log needs to know about a certificate: its DER, hash, serial and username. */
export interface LoggedCertificateFacts {
  readonly der: Uint8Array;
  readonly sha256: Uint8Array;
  readonly serialHex: string;
  readonly username: string;
}

/**
 * Reads the facts the log records from a PEM certificate the CA issued.
 * @throws PkiError `PEM_MALFORMED`; Error when the subject carries no SecCam username
 */
export async function certificateFacts(certificatePem: string): Promise<LoggedCertificateFacts> {
  const der = decodePem(certificatePem, 'CERTIFICATE');
  const info = await describeCertificate(certificatePem);
  if (!info.subject) throw new Error(`certificate ${info.serialHex} has no SecCam subject, so it cannot be logged under a username`);
  return { der, sha256: sha256Of(der), serialHex: info.serialHex, username: info.subject.username };
}

/** The SHA-256 of a PEM certificate's DER, which names it in the log. @throws PkiError `PEM_MALFORMED` */
export function certificateSha256(certificatePem: string): Uint8Array {
  return sha256Of(decodePem(certificatePem, 'CERTIFICATE'));
}

/** The row logging the issuance of a certificate. */
export async function issuedRecord(facts: LoggedCertificateFacts): Promise<LogEntryRecord> {
  const leaf = encodeLogEntry({ type: 'certificate-issued', certificateDer: facts.der });
  return recordOf(leaf, LogEntryType.CertificateIssued, facts);
}

/** The row logging the revocation of a certificate at `revokedAt`. */
export async function revokedRecord(facts: LoggedCertificateFacts, revokedAt: Date): Promise<LogEntryRecord> {
  const leaf = encodeLogEntry({ type: 'certificate-revoked', certificateSha256: facts.sha256, revokedAt });
  return recordOf(leaf, LogEntryType.CertificateRevoked, facts);
}

async function recordOf(leaf: Uint8Array, entryType: LogEntryType, facts: LoggedCertificateFacts): Promise<LogEntryRecord> {
  return {
    leaf,
    leafHash: await hashLeaf(leaf, nodeSha256),
    entryType,
    certificateSha256: facts.sha256,
    serialHex: facts.serialHex,
    username: facts.username,
  };
}
