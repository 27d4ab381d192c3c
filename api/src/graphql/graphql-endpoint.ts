/**
 * `/graphql` over HTTP (Apollo) and over WebSocket (graphql-ws): one schema, one error mask, the
 * same operation limits, schema exposure and (in production) trusted documents, one answer
 * deadline, and the per-request context both transports build from the session cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer } from '@apollo/server';
import type { AppDeps } from '../app.ts';
import { clientIp, type ProxyTrust } from '../http/request-meta.ts';
import type { UpgradeRoute } from '../http/upgrade.ts';
import type { GraphqlLimits } from '../limits.ts';
import type { Services } from '../services.ts';
import type { RequestContext } from './context.ts';
import { createFormatError } from './format-error.ts';
import { handleGraphQLHttp } from './http.ts';
import { limitParseOptions, limitRules } from './operation-limits.ts';
import { resolverContainer } from './resolvers.ts';
import { buildAppSchema, busPubSub } from './schema.ts';
import { exposureRules, formatErrorFor, schemaExposureFor } from './schema-exposure.ts';
import { TrustedDocuments, trustedDocumentsPlugin } from './trusted-documents.ts';
import { createGraphQLWsServer } from './ws.ts';

export interface GraphqlEndpoint {
  /** Answers one HTTP request to `/graphql` (the Origin is checked by the caller). */
  handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The `/graphql` WebSocket upgrade (graphql-ws; subscriptions run here). */
  readonly wsRoute: UpgradeRoute;
  /** Closes every graphql-ws connection with 1001 (cut after `graceMs`) and stops Apollo. */
  close(graceMs: number): Promise<void>;
}

export async function createGraphql(
  deps: Pick<AppDeps, 'config' | 'pki' | 'logger'>,
  services: Services,
  limits: GraphqlLimits,
): Promise<GraphqlEndpoint> {
  const { config, logger } = deps;
  const schema = await buildAppSchema(resolverContainer(services, config), busPubSub(services.bus));
  const exposure = schemaExposureFor(config.env);
  const formatError = formatErrorFor(exposure, createFormatError(logger));
  // [Note: trusted documents]
  const trusted = config.env === 'production' ? await TrustedDocuments.load(config.trustedDocumentsFile) : undefined;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError,
    parseOptions: limitParseOptions(limits),
    validationRules: [...limitRules(limits), ...exposureRules(exposure)],
    validationOptions: { hideSuggestions: !exposure.suggestions },
    // Not Apollo's own rule: `exposureRules` refuses introspection with the same rule and message as graphql-ws.
    introspection: true,
    // Automatic persisted queries would let any client store documents in the server's memory.
    persistedQueries: false,
    plugins: trusted ? [trustedDocumentsPlugin(trusted)] : [],
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  const context = contextFactories(services, { enabled: config.trustProxy, edgeCertFingerprint256: deps.pki.edgeCertFingerprint256 });
  const graphqlWs = createGraphQLWsServer(schema, context.ws, {
    limits: { ...limits, maxPayloadBytes: limits.maxWsPayloadBytes },
    exposure,
    trusted,
    formatError,
  });
  return {
    handleHttp: (req, res) => handleGraphQLHttp(apollo, req, res, context.http, limits.maxBodyBytes, limits.requestTimeoutMs),
    wsRoute: {
      requireSession: true,
      handle: (req, socket, head, _session, adopt) => {
        graphqlWs.wss.handleUpgrade(req, socket, head, (ws) => {
          adopt(ws);
          graphqlWs.wss.emit('connection', ws, req);
        });
      },
    },
    close: async (graceMs) => {
      // graphql-ws sends 1001 to every client and waits for their close; a peer that never answers is cut.
      const cut = setTimeout(() => {
        for (const client of graphqlWs.wss.clients) client.terminate();
      }, graceMs);
      await graphqlWs.dispose();
      clearTimeout(cut);
      await apollo.stop();
    },
  };
}

type ContextFactory = (req: IncomingMessage) => Promise<RequestContext>;

/** Contexts for HTTP requests, and for WebSocket ones, which can also carry subscriptions. */
function contextFactories(services: Services, proxyTrust: ProxyTrust): { http: ContextFactory; ws: ContextFactory } {
  const http: ContextFactory = async (req) => ({
    session: await services.sessions.fromCookieHeader(req.headers.cookie),
    ip: clientIp(req, proxyTrust),
    userAgent: req.headers['user-agent'],
    setCookies: [],
  });
  const ws: ContextFactory = async (req) => ({
    ...(await http(req)),
    streamEvents: (user) => services.streamEvents.forUser(user),
  });
  return { http, ws };
}
