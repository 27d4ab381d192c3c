import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { CertificateKind } from '../certificates/certificates.table.ts';
import type { Role } from './users.table.ts';

export const RoleEnum = { driver: 'driver', dispatcher: 'dispatcher' } as const satisfies Record<Role, Role>;
registerEnumType(RoleEnum, { name: 'Role', description: 'Drivers record; dispatchers watch what drivers share.' });

export const CertificateKindEnum = { sig: 'sig', enc: 'enc' } as const satisfies Record<CertificateKind, CertificateKind>;
registerEnumType(CertificateKindEnum, {
  name: 'CertificateKind',
  description: '`sig`: ECDSA P-256 signing key. `enc`: RSA-OAEP 3072 key-wrapping key.',
});

@ObjectType({ description: 'A certificate issued by the platform CA.' })
export class Certificate {
  @Field(() => String)
  serialHex!: string;

  @Field(() => CertificateKindEnum)
  kind!: CertificateKind;

  @Field(() => String)
  pem!: string;

  @Field(() => Date)
  notBefore!: Date;

  @Field(() => Date)
  notAfter!: Date;

  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;
}

@ObjectType({ description: 'The signed-in account.' })
export class Me {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => String)
  email!: string;

  @Field(() => Boolean)
  emailVerified!: boolean;

  @Field(() => String, { nullable: true })
  fullName?: string | null;

  @Field(() => String, { nullable: true })
  organisation?: string | null;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => [Certificate])
  certificates!: Certificate[];

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'A dispatcher a driver can share streams with.' })
export class Dispatcher {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  organisation!: string;

  @Field(() => String)
  country!: string;

  @Field(() => String, { description: 'Signing certificate (PEM): verify it against your pinned root.' })
  sigCertificatePem!: string;

  @Field(() => String, { description: 'Encryption certificate (PEM): wrap keys only after verifying it.' })
  encCertificatePem!: string;
}

@ObjectType({ description: 'The platform PKI, for clients to verify certificates.' })
export class PlatformTrust {
  @Field(() => String)
  rootPem!: string;

  @Field(() => [String])
  intermediatePems!: string[];

  @Field(() => String, { description: 'Current certificate revocation list (PEM).' })
  crlPem!: string;
}
