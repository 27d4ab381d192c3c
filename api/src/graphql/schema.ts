/**
 * Builds the type-graphql schema. Resolver instances come from the composition root (explicit
 * constructor injection); building without them is enough to emit `schema/schema.graphql`.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { AuthResolver } from '../modules/auth/auth.resolver.ts';
import { RegistrationResolver } from '../modules/registration/registration.resolver.ts';
import { UsersResolver } from '../modules/users/users.resolver.ts';

export const RESOLVERS = [AuthResolver, RegistrationResolver, UsersResolver] as const;

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

export async function buildAppSchema(instances: ResolverInstances = []): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    container: containerOf(instances),
    validate: { forbidUnknownValues: true, stopAtFirstError: false },
  });
}
