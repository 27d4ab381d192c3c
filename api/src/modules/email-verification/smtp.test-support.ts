// Test support only: a real SMTP server on 127.0.0.1 that keeps what it receives, and the
// verification link read back out of a raw message.
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
}

export function startSmtp(): Promise<{ server: SMTPServer; port: number; inbox: ReceivedMail[] }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, inbox });
    });
  });
}

/** The verification link in a raw message (quoted-printable soft breaks undone). */
export function linkIn(raw: string): URL {
  const unfolded = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /https:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]+/.exec(unfolded);
  if (!match) throw new Error('no verification link in mail');
  return new URL(match[0]);
}
