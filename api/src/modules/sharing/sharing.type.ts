import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { GrantScope } from '@seccam/schema';
import type { Role } from '../users/users.table.ts';
import { RoleEnum } from '../users/users.type.ts';

export const GrantScopeEnum = { all: 'all', streams: 'streams' } as const satisfies Record<GrantScope, GrantScope>;
registerEnumType(GrantScopeEnum, {
  name: 'GrantScope',
  description: '`all`: every stream of the driver, past and future. `streams`: the listed ones.',
});

@ObjectType({ description: 'Someone a stream key must be wrapped to: the driver itself or an active grantee.' })
export class Recipient {
  @Field(() => String)
  username!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => String, { description: 'Verify against your pinned root and the CRL before wrapping to it.' })
  encCertificatePem!: string;

  @Field(() => String)
  encSerial!: string;
}

@ObjectType({ description: "One recipient's wrapped epoch secret, signed by the driver (a key set of one entry)." })
export class EpochKeyEntry {
  @Field(() => ID)
  streamId!: string;

  @Field(() => Int)
  epoch!: number;

  @Field(() => String)
  recipientSerial!: string;

  @Field(() => String)
  wrappedKeyB64!: string;

  @Field(() => String)
  signatureB64!: string;
}

@ObjectType({ description: 'A driver-signed permission for one dispatcher.' })
export class Grant {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  driver!: string;

  @Field(() => String)
  dispatcher!: string;

  @Field(() => String)
  dispatcherOrganisation!: string;

  @Field(() => String)
  dispatcherEncSerial!: string;

  @Field(() => GrantScopeEnum)
  scope!: GrantScope;

  @Field(() => [ID])
  streamIds!: string[];

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Boolean, { description: 'Not revoked and not expired.' })
  active!: boolean;

  @Field(() => String, { description: "The driver's signature over the grant statement (base64)." })
  signatureB64!: string;
}
