import { Field, ObjectType } from 'type-graphql';
import type { Role } from '../users/users.table.ts';
import { RoleEnum } from '../users/users.type.ts';

@ObjectType({ description: 'What a new client needs to assemble its bundle. Shown once.' })
export class Registration {
  @Field(() => String)
  userId!: string;

  @Field(() => String)
  username!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => String, { description: 'Certificate for the signing key (PEM).' })
  sigCertificatePem!: string;

  @Field(() => String, { description: 'Certificate for the encryption key (PEM).' })
  encCertificatePem!: string;

  @Field(() => [String], { description: 'Intermediate CA certificate(s), leaf-side first.' })
  intermediatePems!: string[];

  @Field(() => String, { description: 'The platform root to pin in the bundle.' })
  rootPem!: string;

  @Field(() => String, { description: 'otpauth:// URI for the authenticator app. Returned only here, once.' })
  totpUri!: string;
}
