/**
 * `@seccam/testkit`: what every package's integration tests share — the real API on port 0 with
 * a fresh database ({@link startTestApi}), ready accounts, a hand-driven driver for byte-exact
 * server tests, WebSocket and graphql-ws clients, and `oathtool` as an independent TOTP source.
 */
export * from './accounts.ts';
export * from './compromised-server.ts';
export * from './driver-kit.ts';
export * from './free-port.ts';
export * from './graphql-answer.ts';
export * from './graphql-ws-client.ts';
export * from './nats-server.ts';
export * from './oathtool.ts';
export * from './sdk-client.ts';
export * from './sharing-kit.ts';
export * from './tcp-proxy.ts';
export * from './test-api.ts';
export * from './test-database.ts';
export * from './ws-client.ts';
export * from './chromium.ts';
