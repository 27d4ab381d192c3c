/**
 * graphql-ws on `/graphql` (same path as HTTP). Authentication happens at the HTTP upgrade
 * (see http/upgrade.ts); every operation re-reads the session, so a logout ends access at once.
 *
 * [Note: ws validation]
 * graphql-ws runs none of Apollo's parse options, validation rules or plugins; `onSubscribe`
 * does the same work itself, in the same order as over HTTP: parse with the token limit, the
 * operation limits (depth, aliases, cost — in a pass of their own, so a refused document costs
 * no further validation), the standard rules (plus the introspection refusal in production),
 * then the trusted-document check. Queries and mutations get the same time limit as over HTTP.
 */
import type { IncomingMessage } from 'node:http';
import {
  execute,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { TimeoutError, UntrustedDocumentError } from '../errors.ts';
import type { RequestContext } from './context.ts';
import { TIMED_OUT, withDeadline } from './deadline.ts';
import { limitParseOptions, limitRules, type OperationLimits } from './operation-limits.ts';
import { exposureRules, type SchemaExposure } from './schema-exposure.ts';
import type { TrustedDocuments } from './trusted-documents.ts';

export interface GraphQLWsOptions {
  readonly limits: OperationLimits & { readonly maxPayloadBytes: number; readonly requestTimeoutMs: number };
  readonly exposure: SchemaExposure;
  /** Production: only these documents run ([Note: trusted documents]); undefined runs any. */
  readonly trusted: TrustedDocuments | undefined;
  readonly formatError: (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError;
}

export function createGraphQLWsServer(
  schema: GraphQLSchema,
  makeContext: (req: IncomingMessage) => Promise<RequestContext>,
  options: GraphQLWsOptions,
): { wss: WebSocketServer; dispose: () => Promise<void> } {
  const { limits, exposure, trusted, formatError } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const parseOptions = limitParseOptions(limits);
  const operationRules = limitRules(limits);
  const rules = [...specifiedRules, ...exposureRules(exposure)];
  const validationOptions = { hideSuggestions: !exposure.suggestions };
  const server = useServer<Record<string, unknown> | undefined, { request: IncomingMessage }>(
    {
      schema,
      context: (ctx) => makeContext(ctx.extra.request),
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, parseOptions);
        } catch (e) {
          return [new GraphQLError(e instanceof Error ? e.message : 'Syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
        }
        let errors = validate(schema, document, operationRules, validationOptions);
        if (errors.length === 0) errors = validate(schema, document, rules, validationOptions);
        if (errors.length > 0) {
          return errors.map(
            (e) =>
              new GraphQLError(e.message, { nodes: e.nodes ?? null, extensions: { ...e.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        }
        if (trusted && !trusted.isTrusted(document)) return [new UntrustedDocumentError()];
        const args: Partial<ExecutionArgs> = {
          schema,
          document,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
          hideSuggestions: !exposure.suggestions,
        };
        return args as ExecutionArgs;
      },
      // Queries and mutations only; a subscription runs through `subscribe` for as long as it lasts.
      execute: async (args) => {
        const answer = await withDeadline(Promise.resolve(execute(args)), limits.requestTimeoutMs);
        return answer === TIMED_OUT ? { errors: [new TimeoutError()] } : answer;
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
