import { IsEmail, IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { SixDigitCodeField, UsernameField } from '../../graphql/input-fields.ts';
import { ROLES, type Role } from '../users/users.table.ts';
import { RoleEnum } from '../users/users.type.ts';

const PEM_MAX = 16 * 1024;

@InputType({ description: 'A new account. Keys are generated on the client; only CSRs are sent.' })
export class RegisterInput {
  @UsernameField({ description: 'Lower-case letters and digits, 3 to 32 characters.' })
  username!: string;

  @Field(() => String)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  email!: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES, { message: 'role must be driver or dispatcher' })
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Dispatchers: the person behind the account.' })
  @IsOptional()
  @Length(2, 100)
  @Matches(/^[\p{L}][\p{L} .'-]*$/u, { message: 'fullName may hold letters, spaces, dots, apostrophes and hyphens' })
  fullName?: string;

  @Field(() => String, { nullable: true, description: 'Dispatchers: the company they represent.' })
  @IsOptional()
  @Length(2, 64)
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} .&'-]*$/u, { message: "organisation may hold letters, digits, spaces and . & ' -" })
  organisation?: string;

  @Field(() => String, { nullable: true, description: 'Dispatchers: ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 two-letter code such as BE' })
  country?: string;

  @Field(() => String, { description: 'PKCS#10 CSR (PEM) for the ECDSA P-256 signing key.' })
  @MaxLength(PEM_MAX)
  sigCsrPem!: string;

  @Field(() => String, { description: 'PKCS#10 CSR (PEM) for the RSA-OAEP 3072 encryption key.' })
  @MaxLength(PEM_MAX)
  encCsrPem!: string;
}

@InputType()
export class ConfirmTotpInput {
  @UsernameField()
  username!: string;

  @SixDigitCodeField()
  code!: string;
}
