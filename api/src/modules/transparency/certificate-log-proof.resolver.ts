/**
 * `…LogProof` fields beside every certificate PEM the API hands to other users: directory
 * entries, stream recipients, a stream's owner certificate.
 *
 * [Note: a proof beside each certificate]
 * Each proof comes with the signed head it is for (`LogProof.treeHead`), so a client checks one
 * certificate from one answer: the head's signature, then the inclusion of the leaf
 * 0x01 || DER in that head. The fields are resolved here, from the PEM the object already
 * carries, so the modules that build those objects need not know the log exists; they are null
 * only for a certificate that is not in the log, which a client must refuse.
 */
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Recipient } from '../sharing/sharing.type.ts';
import { Stream } from '../streams/streams.type.ts';
import { Dispatcher } from '../users/users.type.ts';
import type { TransparencyService } from './transparency.service.ts';
import { LogProof } from './transparency.type.ts';

const SIG_PROOF = {
  nullable: true,
  description:
    "The signing certificate's inclusion in the transparency log, with the signed head it is for. Null: not in the log, refuse it.",
} as const;
const ENC_PROOF = {
  nullable: true,
  description:
    "The encryption certificate's inclusion in the transparency log, with its signed head: check it before wrapping keys. Null: refuse it.",
} as const;

@Resolver(() => Dispatcher)
export class DispatcherLogProofResolver {
  constructor(private readonly log: TransparencyService) {}

  @FieldResolver(() => LogProof, SIG_PROOF)
  sigCertificateLogProof(@Root() dispatcher: Dispatcher): Promise<LogProof | null> {
    return this.log.logProof(dispatcher.sigCertificatePem);
  }

  @FieldResolver(() => LogProof, ENC_PROOF)
  encCertificateLogProof(@Root() dispatcher: Dispatcher): Promise<LogProof | null> {
    return this.log.logProof(dispatcher.encCertificatePem);
  }
}

@Resolver(() => Recipient)
export class RecipientLogProofResolver {
  constructor(private readonly log: TransparencyService) {}

  @FieldResolver(() => LogProof, ENC_PROOF)
  encCertificateLogProof(@Root() recipient: Recipient): Promise<LogProof | null> {
    return this.log.logProof(recipient.encCertificatePem);
  }
}

@Resolver(() => Stream)
export class StreamLogProofResolver {
  constructor(private readonly log: TransparencyService) {}

  @FieldResolver(() => LogProof, SIG_PROOF)
  sigCertificateLogProof(@Root() stream: Stream): Promise<LogProof | null> {
    return this.log.logProof(stream.sigCertificatePem);
  }
}
