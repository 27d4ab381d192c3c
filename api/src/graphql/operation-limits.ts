/**
 * What bounds one GraphQL operation, in one place for both transports: tokens while parsing, then
 * depth, aliases and cost as validation rules. Apollo takes them as `parseOptions` and
 * `validationRules`; graphql-ws runs the same in `onSubscribe` ([Note: ws validation] in ws.ts).
 * Each refusal names its limit in `extensions.limit`. The numbers live in `DEFAULT_LIMITS.graphql`.
 */
import type { ParseOptions, ValidationRule } from 'graphql';
import type { GraphqlLimits } from '../limits.ts';
import { aliasLimit } from './alias-limit.ts';
import { costLimit } from './cost-limit.ts';
import { depthLimit } from './depth-limit.ts';

export type OperationLimits = Pick<GraphqlLimits, 'maxTokens' | 'maxDepth' | 'maxAliases' | 'maxCost' | 'listFactor'>;

/**
 * The parser stops after `maxTokens` lexical tokens (graphql-js: "Document contains more that N
 * tokens. Parsing aborted.", GRAPHQL_PARSE_FAILED), so parsing and validating stay proportional to
 * a small document whatever the body holds.
 */
export function limitParseOptions(limits: OperationLimits): ParseOptions {
  return { maxLexicalTokens: limits.maxTokens };
}

/** Depth, aliases and cost, checked before anything runs. */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  return [
    depthLimit(limits.maxDepth),
    aliasLimit(limits.maxAliases),
    costLimit({ maxCost: limits.maxCost, listFactor: limits.listFactor }),
  ];
}
