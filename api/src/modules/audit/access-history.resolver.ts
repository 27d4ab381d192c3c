import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { ensureUser, type RequestContext } from '../../graphql/context.ts';
import { MAX_ACCESS_HISTORY_PAGE, type AccessHistoryService } from './access-history.service.ts';
import { AccessEntry } from './access-history.type.ts';

@Resolver()
export class AccessHistoryResolver {
  constructor(private readonly history: AccessHistoryService) {}

  @Query(() => [AccessEntry], {
    description: `Owners: who watched, exported or downloaded this stream, newest first (from the audit log). Page with \`before\`: the id of the last entry you have. At most ${String(MAX_ACCESS_HISTORY_PAGE)} per page.`,
  })
  streamAccessHistory(
    @Arg('streamId', () => ID) streamId: string,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('before', () => String, { nullable: true }) before?: string,
  ): Promise<AccessEntry[]> {
    return this.history.forOwner(ensureUser(ctx), streamId, first, before ?? undefined);
  }
}
