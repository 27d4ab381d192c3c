import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimit } from './cost-limit.ts';

const schema = buildSchema(`
  type Item { name: String tags: [String!]! children(first: Int): [Item!]! }
  type Query { item: Item items(limit: Int = 50): [Item!]! grid: [[Item]] }
`);
/** The cost the rule computes (read back from its message against a limit of 0). */
const costOf = (query: string, listFactor = 10): number => {
  const [error] = validate(schema, parse(query), [costLimit({ maxCost: 0, listFactor })]);
  return Number(/\((\d+) > 0\)/.exec(error?.message ?? '')?.[1] ?? 0);
};

describe('costLimit', () => {
  it('counts one per field; __typename is free', () => {
    expect(costOf('{ item { name __typename } }')).toBe(2);
  });

  it('multiplies what a list selects by its size: a literal first/limit, the schema default, else listFactor', () => {
    expect(costOf('{ items(limit: 3) { name } }')).toBe(1 + 3 * 1);
    expect(costOf('{ items { name } }')).toBe(1 + 50 * 1);
    expect(costOf('query($n: Int) { items(limit: $n) { name } }')).toBe(1 + 50 * 1);
    expect(costOf('{ item { children { name } } }')).toBe(1 + 1 + 10 * 1);
    expect(costOf('{ item { children(first: 2) { children(first: 2) { name } } } }')).toBe(1 + 1 + 2 * (1 + 2 * 1));
    expect(costOf('{ grid { name } }', 4)).toBe(1 + 4 * 4 * 1);
  });

  it('expands fragments where they are spread', () => {
    expect(costOf('fragment F on Item { name tags } { items(limit: 2) { ...F ... on Item { name } } }')).toBe(1 + 2 * 3);
  });

  it('refuses an operation above the limit, naming it', () => {
    const errors = validate(schema, parse('{ items { name } }'), [costLimit({ maxCost: 50, listFactor: 10 })]);
    expect(errors[0]?.message).toBe('Operation is too costly (51 > 50).');
    expect(errors[0]?.extensions).toEqual({ limit: 'maxCost', max: 50 });
    expect(validate(schema, parse('{ items(limit: 49) { name } }'), [costLimit({ maxCost: 50, listFactor: 10 })])).toEqual([]);
  });

  it('does not loop on cyclic fragments', () => {
    expect(() => costOf('fragment A on Item { ...B } fragment B on Item { ...A } { item { ...A } }')).not.toThrow();
  });
});
