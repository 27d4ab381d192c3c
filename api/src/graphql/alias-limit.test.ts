import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { aliasLimit } from './alias-limit.ts';

const schema = buildSchema(`type Node { name: String child: Node } type Query { root: Node }`);
const errorsFor = (query: string, max = 3) => validate(schema, parse(query), [aliasLimit(max)]);
const aliases = (n: number): string => Array.from({ length: n }, (_, i) => `a${i}: root { name }`).join(' ');

describe('aliasLimit', () => {
  it('accepts operations up to the limit, and repeated fields without aliases', () => {
    expect(errorsFor(`{ ${aliases(3)} }`)).toEqual([]);
    expect(errorsFor('{ root { name } root { name } root { name } root { name } }')).toEqual([]);
  });

  it('refuses more aliases, naming the limit', () => {
    const [error] = errorsFor(`{ ${aliases(4)} }`);
    expect(error?.message).toBe('Too many aliases (4 > 3).');
    expect(error?.extensions).toEqual({ limit: 'maxAliases', max: 3 });
  });

  it('counts aliases at any depth and inside fragments at every spread', () => {
    expect(errorsFor('{ root { a: name b: name child { c: name d: name } } }')[0]?.message).toMatch(/\(4 > 3\)/);
    const viaFragment = 'fragment F on Node { x: name y: name } { root { ...F child { ...F } } }';
    expect(errorsFor(viaFragment)[0]?.message).toMatch(/\(4 > 3\)/);
    expect(errorsFor('{ root { ... on Node { a: name b: name c: name d: name } } }')[0]?.message).toMatch(/\(4 > 3\)/);
  });

  it('checks each operation of a document on its own', () => {
    expect(errorsFor(`query A { ${aliases(3)} } query B { ${aliases(3)} }`)).toEqual([]);
  });

  it('does not loop on cyclic or unknown fragments (left to the standard rules)', () => {
    expect(() => errorsFor('fragment A on Node { ...B } fragment B on Node { ...A } { root { ...A ...Missing } }')).not.toThrow();
  });
});
