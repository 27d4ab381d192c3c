/**
 * Every `ID` a client sends — an argument, an input field, an element of a list of them — is
 * checked before the resolver runs: it must be a canonical lowercase UUID ([Note: stream ids are
 * canonical lowercase UUIDs] in @seccam/schema), else BAD_USER_INPUT naming the argument.
 *
 * [Note: ids are checked before SQL]
 * Our ids are UUID columns, and PostgreSQL refuses any other text with an error of its own
 * ("invalid input syntax for type uuid"), which reached clients as INTERNAL_SERVER_ERROR. One
 * global middleware reads the field's argument types from the schema, so an `ID` added to any
 * resolver or input later is covered without anyone remembering a decorator.
 */
import {
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { isUuid } from '@seccam/schema';
import { BadInputError } from '../errors.ts';

type Check = (value: unknown, path: string) => void;

const IN_PROGRESS: Check = () => undefined;

const checkId: Check = (value, path) => {
  if (typeof value === 'string' && !isUuid(value))
    throw new BadInputError(`${path} must be a canonical lowercase UUID.`, path, 'INVALID_ID');
};

/** How to check a value of `type`, or undefined when it can hold no ID. */
function checkerFor(type: GraphQLInputType, inputChecks: Map<string, Check | undefined>): Check | undefined {
  const nullable = getNullableType(type);
  if (isScalarType(nullable)) return nullable.name === 'ID' ? checkId : undefined;
  if (isListType(nullable)) {
    const item = checkerFor(nullable.ofType, inputChecks);
    if (!item) return undefined;
    return (value, path) => {
      if (Array.isArray(value))
        value.forEach((v: unknown, i) => {
          item(v, `${path}[${i}]`);
        });
      else item(value, path);
    };
  }
  if (!isInputObjectType(nullable)) return undefined;
  const name = nullable.name;
  if (inputChecks.has(name)) {
    const known = inputChecks.get(name);
    // IN_PROGRESS: a self-referencing input type, looked up when a value arrives.
    return known === IN_PROGRESS ? (value, path) => inputChecks.get(name)?.(value, path) : known;
  }
  inputChecks.set(name, IN_PROGRESS);
  const fields = Object.values(nullable.getFields())
    .map((f) => [f.name, checkerFor(f.type, inputChecks)] as const)
    .filter((entry): entry is readonly [string, Check] => entry[1] !== undefined);
  const check: Check | undefined =
    fields.length === 0
      ? undefined
      : (value, path) => {
          if (typeof value !== 'object' || value === null) return;
          for (const [field, fieldCheck] of fields) fieldCheck((value as Record<string, unknown>)[field], `${path}.${field}`);
        };
  inputChecks.set(name, check);
  return check;
}

function planFor(args: readonly GraphQLArgument[]): (readonly [string, Check])[] {
  const inputChecks = new Map<string, Check | undefined>();
  return args
    .map((a) => [a.name, checkerFor(a.type, inputChecks)] as const)
    .filter((entry): entry is readonly [string, Check] => entry[1] !== undefined);
}

/** The type-graphql global middleware; plans are made once per field and cached. */
export function idArgumentsMiddleware(): MiddlewareFn {
  const plans = new WeakMap<GraphQLField<unknown, unknown>, (readonly [string, Check])[]>();
  return ({ args, info }, next) => {
    const field = info.parentType.getFields()[info.fieldName];
    if (!field || field.args.length === 0) return next();
    let plan = plans.get(field);
    if (!plan) {
      plan = planFor(field.args);
      plans.set(field, plan);
    }
    for (const [name, check] of plan) check((args as Record<string, unknown>)[name], name);
    return next();
  };
}
