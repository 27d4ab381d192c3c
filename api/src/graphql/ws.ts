/**
 * graphql-ws on `/graphql` (same path as HTTP). Authentication happens at the HTTP upgrade
 * (see http/upgrade.ts); every operation re-reads the session, so a logout ends access at once.
 *
 * [Note: ws validation]
 * graphql-ws does not run Apollo's validation plugins; `onSubscribe` parses and validates each
 * operation itself with the standard rules plus our depth limit.
 */
import type { IncomingMessage } from 'node:http';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { RequestContext } from './context.ts';
import { depthLimit } from './depth-limit.ts';

export function createGraphQLWsServer(
  schema: GraphQLSchema,
  makeContext: (req: IncomingMessage) => Promise<RequestContext>,
  limits: { readonly maxDepth: number; readonly maxPayloadBytes: number },
  formatError: (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError,
): { wss: WebSocketServer; dispose: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const rules = [...specifiedRules, depthLimit(limits.maxDepth)];
  const server = useServer<Record<string, unknown> | undefined, { request: IncomingMessage }>(
    {
      schema,
      context: (ctx) => makeContext(ctx.extra.request),
      onSubscribe: (_ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query);
        } catch (e) {
          return [new GraphQLError(e instanceof Error ? e.message : 'Syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) {
          return errors.map(
            (e) => new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        }
        const args: Partial<ExecutionArgs> = {
          schema,
          document,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
        };
        return args as ExecutionArgs;
      },
      // Same masking as over HTTP: only our typed errors keep their message.
      onNext: (_ctx, _id, _payload, _args, result) => {
        const r = result as ExecutionResult;
        if (!r.errors?.length) return undefined;
        return { ...r, errors: r.errors.map((e) => formatError(e.toJSON(), e)) };
      },
    },
    wss,
  );
  return { wss, dispose: () => server.dispose() as Promise<void> };
}
