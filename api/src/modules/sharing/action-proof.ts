/**
 * Proof of possession for the actions a stolen session cookie must not be able to take
 * ([Note: action statements] in @seccam/schema): revoking a grant or a certificate, deleting a
 * stream. One check, used by every service that needs it.
 */
import { importCertificatePublicKey, verifyActionSignature, type ActionStatement } from '@seccam/pki';
import { isFreshActionTime } from '@seccam/schema';
import { BadInputError, ForbiddenError } from '../../errors.ts';
import type { CertificateService } from '../certificates/certificates.service.ts';
import type { UserRow } from '../users/users.table.ts';

/** A fresh signature over an action statement and the time it names. */
export interface ActionProof {
  readonly at: Date;
  readonly signatureB64: string;
}

export class ActionProofVerifier {
  constructor(private readonly certificates: CertificateService) {}

  /**
   * `proof` must be fresh (±5 min, BAD_USER_INPUT `clock` otherwise) and signed by the caller's
   * CURRENT `sig` certificate over `action` (FORBIDDEN otherwise); a cookie alone cannot produce it.
   */
  async ensureSignedBy(user: Pick<UserRow, 'id'>, action: ActionStatement, proof: ActionProof): Promise<void> {
    if (!isFreshActionTime(proof.at)) {
      throw new BadInputError(
        'The signed statement is not fresh (more than 5 minutes from the server clock): check your clock.',
        'at',
        'clock',
      );
    }
    const cert = await this.certificates.current(user.id, 'sig');
    if (!cert) throw new ForbiddenError('You have no valid signing certificate to sign this with.');
    const check = await verifyActionSignature(action, proof.signatureB64, await importCertificatePublicKey(cert.pem, 'sig'));
    if (check.ok) return;
    if (check.reason === 'malformed')
      throw new BadInputError(`The ${action.kind} statement is malformed: ${check.message}.`, 'signatureB64', 'malformed');
    throw new ForbiddenError(`The ${action.kind} statement is not signed by your current signing key: a session alone cannot do this.`);
  }
}
