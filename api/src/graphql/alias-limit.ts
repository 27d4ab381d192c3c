/**
 * A validation rule bounding aliases per operation, over HTTP and WebSocket alike.
 *
 * [Note: why aliases are limited]
 * GraphQL merges repeated fields with one response name, so `{ dispatchers { id } dispatchers { id } }`
 * runs the resolver once; an alias gives each copy a name of its own, and every copy runs. Five
 * hundred aliases of the dispatcher directory in a 27 KB request cost seconds of server time and
 * megabytes of answer. Our own clients use no aliases, so a small cap costs them nothing. Aliases
 * inside fragments count at every spread (an overcount where a fragment is spread twice into one
 * selection, which is the safe side).
 */
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';

export function aliasLimit(maxAliases: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    // Memoised per fragment, so a fragment spread many times is counted once and multiplied.
    const perFragment = new Map<string, number>();
    const countIn = (set: SelectionSetNode | undefined, visiting: ReadonlySet<string>): number => {
      let n = 0;
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) n += (sel.alias ? 1 : 0) + countIn(sel.selectionSet, visiting);
        else if (sel.kind === Kind.INLINE_FRAGMENT) n += countIn(sel.selectionSet, visiting);
        else n += countInFragment(sel.name.value, visiting);
      }
      return n;
    };
    const countInFragment = (name: string, visiting: ReadonlySet<string>): number => {
      const known = perFragment.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // Unknown fragments and cycles are reported by the standard rules.
      if (!fragment || visiting.has(name)) return 0;
      const n = countIn(fragment.selectionSet, new Set([...visiting, name]));
      perFragment.set(name, n);
      return n;
    };
    return {
      OperationDefinition(op) {
        const aliases = countIn(op.selectionSet, new Set());
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`Too many aliases (${aliases} > ${maxAliases}).`, {
              nodes: [op],
              extensions: { limit: 'maxAliases', max: maxAliases },
            }),
          );
        }
      },
    };
  };
}
