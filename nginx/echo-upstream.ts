/**
 * A stand-in for the API in the edge tests: HTTPS with TLS 1.3 only that demands a client
 * certificate from the test CA (as the API does for nginx), answers every request with a JSON
 * description of what reached it, and echoes WebSocket frames after first sending the same
 * description of the upgrade request.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { TLSSocket, type PeerCertificate } from 'node:tls';
import { WebSocketServer } from 'ws';

const WS_PATHS = new Set(['/graphql', '/ws/ingest', '/ws/watch']);
const MAX_FRAME_BYTES = 5 * 1024 * 1024;

/** What the upstream saw: the echo body of every response and the first frame on a socket. */
export interface EchoedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly bodyBytes: number;
  /** Subject CN of the client certificate the caller (nginx) presented. */
  readonly clientCertCn: string | null;
}

export interface EchoUpstream {
  readonly port: number;
  close(): Promise<void>;
}

export interface EchoUpstreamOptions {
  readonly certPem: string;
  readonly keyPem: string;
  /** Trust anchors for client certificates. */
  readonly caPem: string;
}

/** Starts the echo upstream on 127.0.0.1, port 0. */
export async function startEchoUpstream(options: EchoUpstreamOptions): Promise<EchoUpstream> {
  const server: Server = createServer({
    cert: options.certPem,
    key: options.keyPem,
    ca: options.caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.3',
    maxVersion: 'TLSv1.3',
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('request', (req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-powered-by': 'echo' });
      res.end(JSON.stringify(describe(req, bodyBytes)));
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (!WS_PATHS.has(new URL(req.url ?? '/', 'https://upstream').pathname)) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify(describe(req, 0)));
      ws.on('message', (data, isBinary) => {
        ws.send(data, { binary: isBinary });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('echo upstream: no TCP address');

  return {
    port: address.port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

function describe(req: IncomingMessage, bodyBytes: number): EchoedRequest {
  const peer: Partial<PeerCertificate> = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate() : {};
  const cn = peer.subject?.CN;
  return {
    method: req.method ?? '',
    url: req.url ?? '',
    headers: req.headers,
    bodyBytes,
    clientCertCn: typeof cn === 'string' ? cn : null,
  };
}
