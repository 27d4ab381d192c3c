import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from './certificate-info.ts';
import { createTestCa, type TestCa } from './fixtures.test-support.ts';
import { opensslScratch, type OpensslScratch } from './node/openssl.test-support.ts';
import { joinPem } from './pem.ts';
import { isPkiError } from './pki-error.ts';
import { issueServerCertificate, issueServiceClientCertificate, type ServiceCertificate } from './service-certificate.ts';
import { verifyChain } from './verify-chain.ts';

describe('service certificates', () => {
  let ca: TestCa;
  let server: ServiceCertificate;
  let client: ServiceCertificate;
  let scratch: OpensslScratch;

  beforeAll(async () => {
    [ca, scratch] = await Promise.all([createTestCa(), opensslScratch()]);
    [server, client] = await Promise.all([
      issueServerCertificate(ca.intermediate, {
        commonName: 'seccam-api',
        dnsNames: ['localhost', 'api'],
        ipAddresses: ['127.0.0.1', '::1'],
      }),
      issueServiceClientCertificate(ca.intermediate, { commonName: 'seccam-nginx' }),
    ]);
    await scratch.write({
      'root.pem': ca.root.certPem,
      'intermediate.pem': ca.intermediate.certPem,
      'server.pem': server.certPem,
      'client.pem': client.certPem,
      'server.key': server.keyPem,
    });
  });
  afterAll(() => scratch.remove());

  const verify = (file: string, ...extra: string[]) =>
    scratch.run(['verify', '-CAfile', 'root.pem', '-untrusted', 'intermediate.pem', ...extra, file]);

  it('issues a server certificate openssl accepts for its names and addresses only', async () => {
    for (const extra of [
      ['-verify_hostname', 'localhost'],
      ['-verify_hostname', 'api'],
      ['-verify_ip', '127.0.0.1'],
      ['-verify_ip', '::1'],
    ]) {
      const result = await verify('server.pem', '-purpose', 'sslserver', ...extra);
      expect(result.code, `${extra.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect((await verify('server.pem', '-purpose', 'sslserver', '-verify_hostname', 'evil.example')).code).not.toBe(0);
    expect((await verify('server.pem', '-purpose', 'sslclient')).code).not.toBe(0);
    const key = await scratch.run(['pkey', '-in', 'server.key', '-noout', '-text']);
    expect(key.stdout).toContain('NIST CURVE: P-256');
  });

  it('issues a client certificate for nginx that is client-only', async () => {
    expect((await verify('client.pem', '-purpose', 'sslclient')).code).toBe(0);
    expect((await verify('client.pem', '-purpose', 'sslserver')).code).not.toBe(0);
  });

  it('marks both with the service policy', async () => {
    expect(await describeCertificate(client.certPem)).toMatchObject({ holder: 'service', kind: null, subjectText: 'CN=seccam-nginx' });
    expect(
      await verifyChain(server.certPem, { rootPem: ca.root.certPem, intermediatePems: [ca.intermediate.certPem], expectedRole: 'service' }),
    ).toMatchObject({ ok: true });
    expect((await describeCertificate(server.certPem)).altNames).toEqual(['localhost', 'api', '127.0.0.1', '::1']);
  });

  it('completes a real TLS 1.3 mutual-auth handshake (nginx -> API) with node:tls', async () => {
    const tlsServer = createServer({
      cert: joinPem([server.certPem, ca.intermediate.certPem]),
      key: server.keyPem,
      ca: ca.root.certPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    });
    const peers: string[] = [];
    tlsServer.on('secureConnection', (socket: TLSSocket) => {
      peers.push(String(socket.getPeerCertificate().subject.CN));
      socket.end('hello');
    });
    tlsServer.listen(0, '127.0.0.1');
    await once(tlsServer, 'listening');
    const { port } = tlsServer.address() as { port: number };
    try {
      const socket = connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: ca.root.certPem,
        cert: joinPem([client.certPem, ca.intermediate.certPem]),
        key: client.keyPem,
        minVersion: 'TLSv1.3',
      });
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      expect(socket.getProtocol()).toBe('TLSv1.3');
      const [data] = (await once(socket, 'data')) as [Buffer];
      expect(data.toString()).toBe('hello');
      socket.destroy();
      expect(peers).toEqual(['seccam-nginx']);
    } finally {
      tlsServer.close();
    }
  });

  it('refuses bad names and empty SANs with INVALID_ARGUMENT', async () => {
    for (const options of [
      { commonName: 'x', dnsNames: [], ipAddresses: [] },
      { commonName: 'x', dnsNames: ['bad name'], ipAddresses: [] },
      { commonName: 'x', dnsNames: [], ipAddresses: ['300.1.1.1'] },
      { commonName: '', dnsNames: ['localhost'], ipAddresses: [] },
    ]) {
      await expect(issueServerCertificate(ca.intermediate, options)).rejects.toSatisfy((e) => isPkiError(e, 'INVALID_ARGUMENT'));
    }
  });
});
