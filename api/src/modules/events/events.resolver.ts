import { Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ensureUser, type RequestContext } from '../../graphql/context.ts';
import { UnauthenticatedError } from '../../errors.ts';
import { StreamEvent } from './events.type.ts';

@Resolver()
export class EventsResolver {
  @Subscription(() => StreamEvent, {
    description: 'Live events about streams you may see and grants you are party to (graphql-ws only).',
    subscribe: ({ context }: SubscribeResolverData<unknown, object, RequestContext>) => {
      const user = ensureUser(context);
      if (!context.streamEvents) throw new UnauthenticatedError('Subscribe over the WebSocket.');
      return context.streamEvents(user);
    },
  })
  streamEvents(@Root() event: StreamEvent): StreamEvent {
    return event;
  }
}
