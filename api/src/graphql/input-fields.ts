/**
 * Input fields several inputs declare alike: the GraphQL field and its validation in one
 * decorator, so a username, a one-time code or a base64 value is checked the same everywhere.
 */
import { IsBase64, IsDate, Matches, MaxLength } from 'class-validator';
import { Field, type FieldOptions } from 'type-graphql';
import { USERNAME_PATTERN, USERNAME_RULE } from '@seccam/schema';

/** Applies each decorator to the property, in the order given. */
function allOf(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

/** `username: String!`, held to the username rule ([Note: the username rule]). */
export const UsernameField = (options?: FieldOptions): PropertyDecorator =>
  allOf(
    Field(() => String, options),
    Matches(USERNAME_PATTERN, { message: `username must be ${USERNAME_RULE}` }),
  );

/** A `String!` of exactly six digits (a TOTP code); the message names the field (`$property`). */
export const SixDigitCodeField = (): PropertyDecorator =>
  allOf(
    Field(() => String),
    Matches(/^\d{6}$/, { message: '$property must be 6 digits' }),
  );

/** A `String!` holding base64 of at most `maxLength` characters. */
export const Base64Field = (maxLength: number, options?: FieldOptions): PropertyDecorator =>
  allOf(
    Field(() => String, options),
    MaxLength(maxLength),
    IsBase64(),
  );

/** A `DateTimeISO!` that must parse to a valid date. */
export const DateField = (options?: FieldOptions): PropertyDecorator =>
  allOf(
    Field(() => Date, options),
    IsDate(),
  );
