import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'The log\'s signed statement "log logIdHex held treeSize entries with root rootHashB64 at timestamp" (PROTOCOL.md §10). ' +
    'Check signatureB64 over encodeTreeHeadStatement with the log key you follow, whose id is logIdHex.',
})
export class SignedTreeHead {
  @Field(() => Int)
  treeSize!: number;

  @Field(() => String, { description: 'RFC 9162 root hash (MTH) of the first treeSize entries, base64.' })
  rootHashB64!: string;

  @Field(() => Date, { description: 'When the log made the head (milliseconds).' })
  timestamp!: Date;

  @Field(() => String, { description: "The log key's id: lower-case hex SHA-256 of its SPKI DER." })
  logIdHex!: string;

  @Field(() => String, { description: 'ECDSA P-256 signature over the tree head statement, raw r||s (64 bytes), base64.' })
  signatureB64!: string;

  @Field(() => String, {
    description: "The log key's public half (SPKI PEM). Pin it, or its id, out of band: a head only proves what this key signed.",
  })
  logPublicKeyPem!: string;
}

@ObjectType({
  description:
    'A witness\'s cosignature of a tree head (PROTOCOL.md §10, "Witness"): witness witnessName, key witnessKeyIdHex, checked at ' +
    'cosignedAt that this head (its logIdHex, treeSize and root) extends every head of the log it cosigned before. ' +
    'Check signatureB64 over encodeTreeHeadCosignatureStatement with the key you configured for that witness.',
})
export class TreeHeadCosignature {
  @Field(() => String)
  witnessName!: string;

  @Field(() => String, { description: "The witness key's id: lower-case hex SHA-256 of its SPKI DER." })
  witnessKeyIdHex!: string;

  @Field(() => Date, { description: 'When the witness checked and cosigned the head (milliseconds).' })
  cosignedAt!: Date;

  @Field(() => String, { description: 'ECDSA P-256 signature over the cosignature statement, raw r||s (64 bytes), base64.' })
  signatureB64!: string;
}

@ObjectType({ description: 'RFC 9162 §2.1.3 inclusion proof of one log entry in the tree of treeSize entries.' })
export class InclusionProof {
  @Field(() => Int)
  leafIndex!: number;

  @Field(() => Int)
  treeSize!: number;

  @Field(() => [String], { description: 'The audit path, sibling hashes from the leaf up, each base64.' })
  auditPathB64!: string[];
}

@ObjectType({
  description:
    "A certificate's place in the transparency log: its inclusion proof in the tree of the signed head given with it. " +
    'Verify the head, then the proof with the leaf hash of 0x01 || the certificate DER.',
})
export class LogProof extends InclusionProof {
  @Field(() => SignedTreeHead)
  treeHead!: SignedTreeHead;
}

@ObjectType({ description: 'A certificate the log says the CA issued, for monitors.' })
export class LoggedCertificate {
  @Field(() => Int, { description: 'Index of the entry logging its issuance.' })
  leafIndex!: number;

  @Field(() => String, { description: 'The certificate as logged (PEM of the DER in the entry).' })
  certificatePem!: string;

  @Field(() => String, { description: 'Lower-case hex SHA-256 of the certificate DER.' })
  certificateSha256Hex!: string;

  @Field(() => String)
  serialHex!: string;

  @Field(() => Int, { nullable: true, description: 'Index of the entry logging its revocation, if any.' })
  revocationLeafIndex!: number | null;

  @Field(() => Date, { nullable: true, description: 'The revocation time that entry holds.' })
  revokedAt!: Date | null;
}
