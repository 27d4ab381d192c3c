/**
 * Builds the type-graphql schema. Resolver instances come from the composition root (explicit
 * constructor injection); building without them is enough to emit `schema/schema.graphql`.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type PubSub } from 'type-graphql';
import { AuthResolver } from '../modules/auth/auth.resolver.ts';
import { EventsResolver } from '../modules/events/events.resolver.ts';
import { RegistrationResolver } from '../modules/registration/registration.resolver.ts';
import { SharingResolver } from '../modules/sharing/sharing.resolver.ts';
import { StreamsResolver } from '../modules/streams/streams.resolver.ts';
import { UsersResolver } from '../modules/users/users.resolver.ts';
import type { BusEventKind, EventBus } from '../streaming/event-bus.ts';

export const RESOLVERS = [AuthResolver, RegistrationResolver, UsersResolver, StreamsResolver, SharingResolver, EventsResolver] as const;

/**
 * type-graphql insists on a PubSub even though our subscription supplies its own `subscribe`
 * (per-user filtering): this adapter maps topics onto the event bus.
 */
export function busPubSub(bus: EventBus): PubSub {
  return {
    publish: () => {
      throw new Error('publish through EventBus.publish, which checks the event shape');
    },
    subscribe: (topic) => bus.iterate((e) => e.kind === (topic as BusEventKind)),
  };
}

export type ResolverInstances = readonly object[];

/** A type-graphql container that hands out the given instances by class. */
export function containerOf(instances: ResolverInstances): ContainerType {
  const byClass = new Map<unknown, object>(instances.map((i) => [i.constructor, i]));
  return {
    get: (cls) => {
      const found = byClass.get(cls);
      if (!found) throw new Error(`No resolver instance registered for ${String((cls as { name?: string }).name)}`);
      return found;
    },
  };
}

export async function buildAppSchema(instances: ResolverInstances, pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    container: containerOf(instances),
    pubSub,
    validate: { forbidUnknownValues: true, stopAtFirstError: false },
  });
}
