/**
 * A validation rule bounding selection depth, applied to HTTP and WebSocket operations alike
 * (graphql-ws does not run Apollo's rules: see ws.ts).
 */
import { GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type ValidationRule } from 'graphql';

export function depthLimit(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const depthOf = (node: ASTNode, depth: number, seen: Set<string>): number => {
      if (depth > maxDepth) return depth;
      if (
        node.kind === Kind.FIELD ||
        node.kind === Kind.INLINE_FRAGMENT ||
        node.kind === Kind.OPERATION_DEFINITION ||
        node.kind === Kind.FRAGMENT_DEFINITION
      ) {
        const next = node.kind === Kind.FIELD ? depth + 1 : depth;
        let max = next;
        for (const sel of node.selectionSet?.selections ?? []) max = Math.max(max, depthOf(sel, next, seen));
        return max;
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(node.name.value);
        if (!frag || seen.has(node.name.value)) return depth;
        return depthOf(frag, depth, new Set([...seen, node.name.value]));
      }
      return depth;
    };
    return {
      OperationDefinition(op) {
        const depth = depthOf(op, 0, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested too deeply (${depth} > ${maxDepth}).`, {
              nodes: [op],
              extensions: { limit: 'maxDepth', max: maxDepth },
            }),
          );
        }
      },
    };
  };
}
