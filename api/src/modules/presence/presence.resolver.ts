import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ensureUser, type RequestContext } from '../../graphql/context.ts';
import { StreamViewer } from './presence.type.ts';
import type { StreamViewersService } from './stream-viewers.service.ts';

@Resolver()
export class PresenceResolver {
  constructor(private readonly viewers: StreamViewersService) {}

  @Query(() => [StreamViewer], {
    description:
      'Owners: who is watching this stream right now, over every API instance. Changes arrive as `viewers` events on streamEvents.',
  })
  streamViewers(@Arg('streamId', () => ID) streamId: string, @Ctx() ctx: RequestContext): Promise<StreamViewer[]> {
    return this.viewers.forOwner(ensureUser(ctx), streamId);
  }
}
