/**
 * Outgoing mail. SMTP when `SMTP_URL` is set; otherwise (the embedded default) each message is
 * written as an `.eml` file under `dataDir/mail` and its first link is printed, so a developer
 * can verify an account without a mail server.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../../logger.ts';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 25)),
    secure: url.protocol === 'smtps:',
    ignoreTLS: url.searchParams.get('tls') === 'off',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
  });
  return {
    async send(m) {
      try {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      } catch (cause) {
        throw new Error(`SMTP delivery to ${url.hostname}:${url.port} failed`, { cause });
      }
    },
  };
}

/** Development mailer: writes `.eml` files and logs where they are. */
export function createFileMailer(dir: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const info = await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      const link = /https?:\/\/\S+/.exec(m.text)?.[0];
      // Dev mode only: the link is the way in without a mail server (never logged with SMTP).
      process.stderr.write(`[mail] "${m.subject}" written to ${file}${link ? `\n[mail] open: ${link}` : ''}\n`);
      logger.debug('mail written', { file });
    },
  };
}
