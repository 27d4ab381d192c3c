/**
 * Composition root: configuration → secrets → PKI → database → app → listen.
 * `npm start` runs this; everything it needs is created on first start under `data/`.
 */
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePki } from '@seccam/pki/node';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase, pgliteDirIn, redactUrl } from './db/client.ts';
import { createLogger } from './logger.ts';
import { createFileMailer, createSmtpMailer } from './modules/email-verification/mailer.ts';
import { deriveSecrets, loadMasterSecret } from './secrets.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nFix the variables above and start again.\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const step = (msg: string): void => { logger.info(msg); };

  step(`data directory: ${config.dataDir}`);
  const secrets = deriveSecrets(loadMasterSecret(config.masterSecretB64, config.dataDir));

  step('PKI: loading or creating the platform CA and TLS certificates…');
  const pki = await ensurePki(join(config.dataDir, 'pki'), { log: step, hostnames: [...config.tlsHostnames] });

  step(config.databaseUrl ? `database: PostgreSQL at ${redactUrl(config.databaseUrl)}` : 'database: embedded PGlite (first start takes ~10 s)…');
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirIn(config.dataDir) });

  const mailer = config.smtpUrl
    ? createSmtpMailer(config.smtpUrl, config.mailFrom)
    : createFileMailer(join(config.dataDir, 'mail'), config.mailFrom, logger);

  const app = await createApp({
    config,
    database,
    logger,
    secrets,
    mailer,
    pki: {
      issuer: pki.issuer,
      rootPem: pki.rootPem,
      intermediatePems: pki.intermediatePems,
      serverCertPem: pki.serverCertPem,
      serverKeyPem: pki.serverKeyPem,
      edgeCertFingerprint256: new X509Certificate(readFileSync(pki.paths.nginxClientCert)).fingerprint256,
    },
  });
  const address = await app.listen();
  const shown = address.address === '127.0.0.1' || address.address === '::1' ? 'localhost' : address.address;
  process.stdout.write(
    `\nSecCam is up: https://${shown}:${address.port}\n` +
      `  trust the platform root to avoid the browser warning: ${join(config.dataDir, 'pki', 'root.pem')}\n` +
      `  GraphQL: https://${shown}:${address.port}/graphql\n\n`,
  );

  const shutdown = (signal: string): void => {
    step(`${signal}: shutting down…`);
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => { shutdown('SIGINT'); });
  process.once('SIGTERM', () => { shutdown('SIGTERM'); });
}

main().catch((e: unknown) => {
  process.stderr.write(`SecCam could not start: ${e instanceof Error ? e.message : String(e)}\n`);
  if (e instanceof Error && e.cause instanceof Error) process.stderr.write(`  cause: ${e.cause.message}\n`);
  process.exit(1);
});
