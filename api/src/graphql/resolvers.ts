/**
 * The one list of resolvers: each class with how it is built from the app's services. The
 * schema, `schema/schema.graphql` and the running app all come from this list.
 */
import type { ContainerType } from 'type-graphql';
import type { Config } from '../config.ts';
import { AccessHistoryResolver } from '../modules/audit/access-history.resolver.ts';
import { AuthResolver } from '../modules/auth/auth.resolver.ts';
import { EventsResolver } from '../modules/events/events.resolver.ts';
import { PresenceResolver } from '../modules/presence/presence.resolver.ts';
import { RegistrationResolver } from '../modules/registration/registration.resolver.ts';
import { SharingResolver } from '../modules/sharing/sharing.resolver.ts';
import { StreamsResolver } from '../modules/streams/streams.resolver.ts';
import {
  DispatcherLogProofResolver,
  RecipientLogProofResolver,
  StreamLogProofResolver,
} from '../modules/transparency/certificate-log-proof.resolver.ts';
import { TransparencyResolver } from '../modules/transparency/transparency.resolver.ts';
import { WitnessCosignaturesResolver } from '../modules/transparency/witness-cosignatures.resolver.ts';
import { UsersResolver } from '../modules/users/users.resolver.ts';
import type { Services } from '../services.ts';

export type ResolverClass = new (...args: never[]) => object;

export interface ResolverEntry {
  readonly type: ResolverClass;
  readonly create: (services: Services, config: Config) => object;
}

const entry = <T extends object>(type: new (...args: never[]) => T, create: (services: Services, config: Config) => T): ResolverEntry => ({
  type,
  create,
});

export const RESOLVERS = [
  entry(AuthResolver, (s, config) => new AuthResolver(s.auth, s.sessions, s.users, config.publicOrigin)),
  entry(RegistrationResolver, (s) => new RegistrationResolver(s.registration, s.auth, s.emailVerification, s.registrationExpiry)),
  entry(UsersResolver, (s) => new UsersResolver(s.users, s.certificates)),
  entry(StreamsResolver, (s) => new StreamsResolver(s.streams, s.sharing, s.streamDeletion)),
  entry(SharingResolver, (s) => new SharingResolver(s.sharing)),
  entry(EventsResolver, () => new EventsResolver()),
  entry(PresenceResolver, (s) => new PresenceResolver(s.streamViewers)),
  entry(AccessHistoryResolver, (s) => new AccessHistoryResolver(s.accessHistory)),
  entry(TransparencyResolver, (s) => new TransparencyResolver(s.transparency)),
  entry(DispatcherLogProofResolver, (s) => new DispatcherLogProofResolver(s.transparency)),
  entry(RecipientLogProofResolver, (s) => new RecipientLogProofResolver(s.transparency)),
  entry(StreamLogProofResolver, (s) => new StreamLogProofResolver(s.transparency)),
  entry(WitnessCosignaturesResolver, (s) => new WitnessCosignaturesResolver(s.cosignatures)),
] as const satisfies readonly [ResolverEntry, ...ResolverEntry[]];

/** A type-graphql container handing out one instance of each listed resolver, built from `services`. */
export function resolverContainer(services: Services, config: Config): ContainerType {
  const byClass = new Map<unknown, object>(RESOLVERS.map((r) => [r.type, r.create(services, config)]));
  return {
    get: (cls) => {
      const found = byClass.get(cls);
      if (!found) throw new Error(`No resolver instance registered for ${String((cls as { name?: string }).name)}`);
      return found;
    },
  };
}
