import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.ts';
import { SignedTreeHead, TreeHeadCosignature } from './transparency.type.ts';
import { TreeHeadCosignatureInput } from './witness-cosignatures.input.ts';
import type { WitnessCosignatures } from './witness-cosignatures.service.ts';

/** Witnesses submit cosignatures; every signed tree head carries the ones kept for it (docs/PROTOCOL.md §10, "Witness"). */
@Resolver(() => SignedTreeHead)
export class WitnessCosignaturesResolver {
  constructor(private readonly witnesses: WitnessCosignatures) {}

  @FieldResolver(() => [TreeHeadCosignature], {
    description: 'Cosignatures of this head (its treeSize and root) by the witnesses this log is configured with.',
  })
  cosignatures(@Root() head: SignedTreeHead): Promise<TreeHeadCosignature[]> {
    return this.witnesses.forHead(head.treeSize, head.rootHashB64);
  }

  @Mutation(() => TreeHeadCosignature, {
    description:
      'A configured witness submits its cosignature of a head this log signed (no sign-in: the cosignature is the credential). ' +
      'FORBIDDEN for a witness not configured, CONFLICT for a head this log did not sign, BAD_USER_INPUT for a cosignature that does not verify.',
  })
  submitTreeHeadCosignature(
    @Arg('input', () => TreeHeadCosignatureInput) input: TreeHeadCosignatureInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TreeHeadCosignature> {
    return this.witnesses.submit(input, ctx.ip);
  }
}
