/**
 * The baseline: a bare TLS 1.3 WebSocket relay in a process of its own (same `ws` library, same
 * certificate chain as the API). `/ingest/<stream>` messages go to every `/watch/<stream>`
 * socket and are acked like SecCam acks (`{"type":"ack","seq":n}`); no verification, no storage.
 */
import 'reflect-metadata';
import { createServer } from 'node:https';
import { WebSocketServer, type WebSocket } from 'ws';
import { testPki } from '@seccam/testkit';
import { ownUsage, type FromRelay, type ToRelay } from './protocol.ts';

// The orchestrator went away: so does this process (nothing to answer to).
process.on('disconnect', () => process.exit(0));

function reply(message: FromRelay): void {
  // A send after the orchestrator left fails in the callback instead of crashing the process.
  if (process.connected) process.send?.(message, undefined, {}, () => undefined);
}

async function main(): Promise<void> {
  const pki = await testPki();
  const server = createServer({
    cert: pki.serverCertPem,
    key: pki.serverKeyPem,
    ca: [...pki.intermediatePems, pki.rootPem],
    minVersion: 'TLSv1.3',
  });
  const wss = new WebSocketServer({ server, maxPayload: 8 * 1024 * 1024, perMessageDeflate: false });
  const watchers = new Map<string, Set<WebSocket>>();
  wss.on('connection', (ws, req) => {
    const [, role, streamId = ''] = (req.url ?? '').split('/');
    if (role === 'watch') {
      let set = watchers.get(streamId);
      if (!set) watchers.set(streamId, (set = new Set()));
      const mine = set;
      mine.add(ws);
      ws.on('close', () => mine.delete(ws));
      return;
    }
    let seq = 0;
    ws.on('message', (data: Buffer) => {
      for (const w of watchers.get(streamId) ?? []) w.send(data, { binary: true });
      ws.send(`{"type":"ack","seq":${seq++}}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  reply({ type: 'started', port: (server.address() as { port: number }).port, rootPem: pki.rootPem });
  process.on('message', (message: ToRelay) => {
    if (message.type === 'usage') reply({ type: 'usage', usage: ownUsage() });
    else process.exit(0);
  });
}

void main();
