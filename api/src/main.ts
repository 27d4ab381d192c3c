/**
 * Composition root: configuration → secrets → PKI → database → mailer → app → listen.
 * `npm start` runs this; everything it needs is created on first start under `data/`.
 */
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensurePki, ensureStatementKeyFile } from '@seccam/pki/node';
import { createApp, type ApiPki } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, pgliteDirIn, redactUrl } from './db/client.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { createLogger, type Logger } from './logger.ts';
import { createFileMailer, createSmtpMailer, type Mailer } from './modules/email-verification/mailer.ts';
import { deriveSecrets, loadMasterSecret } from './secrets.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const step = (msg: string): void => {
    logger.info(msg);
  };

  step(`data directory: ${config.dataDir}`);
  const secrets = deriveSecrets(loadMasterSecret(config.masterSecretB64, config.dataDir));

  step('PKI: loading or creating the platform CA and TLS certificates…');
  const pki = await loadPki(config, step);

  step(
    config.databaseUrl
      ? `database: PostgreSQL at ${redactUrl(config.databaseUrl)}`
      : 'database: embedded PGlite (first start takes ~10 s)…',
  );
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir), logger });

  step(`audit checkpoint key: ${config.auditCheckpointKeyFile}`);
  const auditCheckpointKey = await ensureStatementKeyFile(config.auditCheckpointKeyFile);
  step(`transparency log key: ${config.transparencyLogKeyFile}`);
  const transparencyLogKey = await ensureStatementKeyFile(config.transparencyLogKeyFile);
  const app = await createApp({
    config,
    database,
    logger,
    secrets,
    mailer: createMailer(config, logger),
    pki,
    auditCheckpointKey,
    transparencyLogKey,
  });
  announce(config, await app.listen());

  const shutdown = (signal: string): void => {
    step(`${signal}: shutting down: no new connections, draining, closing sockets with 1001…`);
    // [Note: graceful shutdown] in app.ts; a shutdown that hangs past every grace period still ends.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 3 * DEFAULT_LIMITS.shutdownGraceMs).unref();
    const failed =
      (what: string) =>
      (e: unknown): number => {
        logger.error(`shutdown: ${what} failed`, { error: e instanceof Error ? e.message : String(e) });
        return 1;
      };
    app
      .close()
      .then(() => 0, failed('closing the app'))
      .then((code) => database.close().then(() => code, failed('closing the database')))
      .then((code) => {
        step(code === 0 ? 'shut down cleanly' : 'shut down with errors');
        process.exit(code);
      })
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nFix the variables above and start again.\n`);
      process.exit(2);
    }
    throw e;
  }
}

async function loadPki(config: Config, log: (msg: string) => void): Promise<ApiPki> {
  const pki = await ensurePki(join(config.dataDir, 'pki'), {
    log,
    hostnames: [...config.tlsHostnames],
    ...(config.policyArc === undefined ? {} : { policyArc: config.policyArc }),
  });
  return {
    issuer: pki.issuer,
    rootPem: pki.rootPem,
    intermediatePems: pki.intermediatePems,
    serverCertPem: pki.serverCertPem,
    serverKeyPem: pki.serverKeyPem,
    edgeCertFingerprint256: new X509Certificate(readFileSync(pki.paths.nginxClientCert)).fingerprint256,
  };
}

function createMailer(config: Config, logger: Logger): Mailer {
  return config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.mailFrom)
    : createFileMailer(join(config.dataDir, 'mail'), config.mailFrom, logger);
}

function announce(config: Config, address: AddressInfo): void {
  const shown = address.address === '127.0.0.1' || address.address === '::1' ? 'localhost' : address.address;
  process.stdout.write(
    `\nSecCam is up: https://${shown}:${address.port}\n` +
      `  trust the platform root to avoid the browser warning: ${join(config.dataDir, 'pki', 'root.pem')}\n` +
      `  GraphQL: https://${shown}:${address.port}/graphql\n\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`SecCam could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof Error && e.cause instanceof Error) process.stderr.write(`  cause: ${e.cause.message}\n`);
  process.exit(1);
});
