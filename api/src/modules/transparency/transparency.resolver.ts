import { Arg, Int, Query, Resolver } from 'type-graphql';
import type { TransparencyService } from './transparency.service.ts';
import { InclusionProof, LoggedCertificate, SignedTreeHead } from './transparency.type.ts';

/** The certificate transparency log's public queries (docs/PROTOCOL.md §10). No sign-in: the log is public data. */
@Resolver()
export class TransparencyResolver {
  constructor(private readonly log: TransparencyService) {}

  @Query(() => SignedTreeHead, { description: "The transparency log's newest signed tree head. Public." })
  treeHead(): Promise<SignedTreeHead> {
    return this.log.treeHead();
  }

  @Query(() => InclusionProof, {
    description:
      'Inclusion proof of a certificate (by certificateSha256Hex of its DER, or serialHex) or of any entry (leafIndex): exactly one. ' +
      "treeSize defaults to the newest signed head's. Public.",
  })
  inclusionProof(
    @Arg('certificateSha256Hex', () => String, { nullable: true }) certificateSha256Hex?: string | null,
    @Arg('serialHex', () => String, { nullable: true }) serialHex?: string | null,
    @Arg('leafIndex', () => Int, { nullable: true }) leafIndex?: number | null,
    @Arg('treeSize', () => Int, { nullable: true }) treeSize?: number | null,
  ): Promise<InclusionProof> {
    return this.log.inclusionProof({ certificateSha256Hex, serialHex, leafIndex }, treeSize ?? undefined);
  }

  @Query(() => [String], {
    description: 'RFC 9162 consistency proof between two tree sizes (1 ≤ firstSize ≤ secondSize ≤ log size), hashes in base64. Public.',
  })
  consistencyProof(@Arg('firstSize', () => Int) firstSize: number, @Arg('secondSize', () => Int) secondSize: number): Promise<string[]> {
    return this.log.consistencyProof(firstSize, secondSize);
  }

  @Query(() => [LoggedCertificate], {
    description: 'Monitors: every certificate the log holds for a username, in log order (pages of first, after afterLeafIndex). Public.',
  })
  certificatesInLog(
    @Arg('username', () => String) username: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('afterLeafIndex', () => Int, { nullable: true }) afterLeafIndex?: number | null,
  ): Promise<LoggedCertificate[]> {
    return this.log.certificatesIn(username, first, afterLeafIndex ?? undefined);
  }
}
