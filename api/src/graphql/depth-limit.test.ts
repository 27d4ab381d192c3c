import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { depthLimit } from './depth-limit.ts';

const schema = buildSchema(`type Node { name: String child: Node } type Query { root: Node }`);
const errorsFor = (query: string): string[] => validate(schema, parse(query), [depthLimit(3)]).map((e) => e.message);

describe('depthLimit', () => {
  it('accepts queries up to the limit', () => {
    expect(errorsFor('{ root { child { name } } }')).toEqual([]);
  });

  it('refuses deeper queries, also through fragments and inline fragments', () => {
    expect(errorsFor('{ root { child { child { name } } } }')[0]).toMatch(/nested too deeply \(4 > 3\)/);
    expect(errorsFor('fragment F on Node { child { child { name } } } { root { ...F } }')[0]).toMatch(/nested too deeply/);
    expect(errorsFor('{ root { ... on Node { child { child { name } } } } }')[0]).toMatch(/nested too deeply/);
  });

  it('does not loop on cyclic fragments (left to the standard NoFragmentCycles rule)', () => {
    expect(() =>
      validate(schema, parse('fragment A on Node { ...B } fragment B on Node { ...A } { root { ...A } }'), [depthLimit(3)]),
    ).not.toThrow();
  });
});
