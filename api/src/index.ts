/**
 * `@seccam/api`: the server as a library — what the composition root (`main.ts`) wires, exported
 * for whoever builds an app in-process (the test kit, the benchmarks).
 */
export { createApp, DEFAULT_IN_FLIGHT_BYTES, type ApiPki, type App, type AppDeps, type Services } from './app.ts';
export { ConfigError, loadConfig, type Config } from './config.ts';
export { openDatabase, type Database, type Db } from './db/client.ts';
export { createLogger, type Logger } from './logger.ts';
export { DEFAULT_THROTTLE_POLICIES, type ThrottlePolicies } from './modules/auth/login-throttle.ts';
export type { Mailer, MailMessage } from './modules/email-verification/mailer.ts';
export type { RateLimits } from './rate-limiter.ts';
export { deriveSecrets, type ServerSecrets } from './secrets.ts';
