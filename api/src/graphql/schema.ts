/**
 * Builds the type-graphql schema from the one resolver list (`resolvers.ts`). The container
 * supplies resolver instances; emitting `schema/schema.graphql` needs none.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type PubSub } from 'type-graphql';
import type { BusEventKind } from '../event-bus/bus-event.ts';
import { busEvents, type EventBus } from '../event-bus/event-bus.ts';
import { idArgumentsMiddleware } from './id-arguments.ts';
import { RESOLVERS, type ResolverClass } from './resolvers.ts';

// RESOLVERS is a non-empty tuple, which type-graphql wants to see in the type.
const RESOLVER_CLASSES = RESOLVERS.map((r) => r.type) as [ResolverClass, ...ResolverClass[]];

/**
 * type-graphql insists on a PubSub even though our subscription supplies its own `subscribe`
 * (per-user filtering): this adapter maps topics onto the event bus.
 */
export function busPubSub(bus: EventBus): PubSub {
  return {
    publish: () => {
      throw new Error('publish through EventBus.publish, which checks the event shape');
    },
    subscribe: (topic) => busEvents(bus, (e) => e.kind === (topic as BusEventKind)),
  };
}

export async function buildAppSchema(container: ContainerType, pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVER_CLASSES,
    container,
    pubSub,
    validate: { forbidUnknownValues: true, stopAtFirstError: false },
    // [Note: ids are checked before SQL]
    globalMiddlewares: [idArgumentsMiddleware()],
  });
}
