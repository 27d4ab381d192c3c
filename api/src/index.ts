/**
 * `@seccam/api`: the server as a library — what the composition root (`main.ts`) wires, exported
 * for whoever builds an app in-process (the test kit, the benchmarks).
 */
export { createApp, type ApiPki, type App, type AppDeps } from './app.ts';
export { ConfigError, loadConfig, type Config } from './config.ts';
export { openDatabase, type Database, type Db } from './db/client.ts';
export { isDatabaseUnreachable } from './db/errors.ts';
export { createLogger, type Logger } from './logger.ts';
export { DEFAULT_LIMITS, type DatabaseLimits, type LimitOverrides, type Limits } from './limits.ts';
export type { ThrottlePolicies } from './modules/auth/login-throttle.ts';
export type { Mailer, MailMessage } from './modules/email-verification/mailer.ts';
export type { RateLimits } from './rate-limiter.ts';
export { deriveSecrets, type ServerSecrets } from './secrets.ts';
export type { Services } from './services.ts';
