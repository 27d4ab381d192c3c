/**
 * A throw-away PKI for the edge tests, made with the `openssl` CLI (not with our own `pki/`
 * code, so the edge is checked against an independent implementation).
 *
 * Layout written into `dir`, with the file names the nginx template expects:
 *   root.pem, chain.pem (intermediate + root), edge.crt (leaf + intermediate) / edge.key,
 *   nginx-client.crt/.key, api.crt/.key (SAN api, localhost, 127.0.0.1),
 *   device.crt/.key (platform-issued client certificate),
 *   impostor.crt/.key (platform-issued, names localhost but is client-only: EKU clientAuth),
 *   rogue-root.pem, rogue-server.crt/.key and rogue-client.crt/.key (another CA entirely).
 */
import { execFile } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const LOCAL_NAMES = 'DNS:api, DNS:localhost, IP:127.0.0.1';

/** An openssl.cnf extension section for an end-entity certificate with one extended key usage. */
function leafSection(name: string, extendedKeyUsage: 'serverAuth' | 'clientAuth', subjectAltName?: string): string {
  return [
    `[${name}]`,
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature',
    `extendedKeyUsage = ${extendedKeyUsage}`,
    ...(subjectAltName === undefined ? [] : [`subjectAltName = ${subjectAltName}`]),
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
  ].join('\n');
}

const OPENSSL_CNF = `[req]
distinguished_name = dn
prompt = no
[dn]
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[intermediate]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${leafSection('server', 'serverAuth', LOCAL_NAMES)}
${leafSection('client', 'clientAuth')}
${leafSection('impostor', 'clientAuth', LOCAL_NAMES)}
`;

type Profile = 'root' | 'intermediate' | 'server' | 'client' | 'impostor';

/** Paths of the generated PEM files. */
export interface TestPki {
  readonly dir: string;
  readonly rootPem: string;
  readonly chainPem: string;
  readonly file: (name: string) => string;
}

/** Creates the test PKI in `dir` (P-256 keys, valid for two days). */
export async function createTestPki(dir: string): Promise<TestPki> {
  const cnf = join(dir, 'openssl.cnf');
  await writeFile(cnf, OPENSSL_CNF);
  const file = (name: string): string => join(dir, name);

  const issue = async (name: string, cn: string, profile: Profile, issuer?: string): Promise<void> => {
    const args = ['req', '-x509', '-config', cnf, '-extensions', profile, '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
    args.push('-noenc', '-keyout', file(`${name}.key`), '-out', file(`${name}.crt`), '-subj', `/O=SecCam Test/CN=${cn}`, '-days', '2');
    if (issuer !== undefined) args.push('-CA', file(`${issuer}.crt`), '-CAkey', file(`${issuer}.key`));
    await run('openssl', args);
  };

  await Promise.all([issue('root', 'SecCam Test Root', 'root'), issue('rogue-root', 'Rogue Root', 'root')]);
  await Promise.all([
    issue('intermediate', 'SecCam Test Intermediate', 'intermediate', 'root'),
    issue('rogue-server', 'api', 'server', 'rogue-root'),
    issue('rogue-client', 'rogue-device', 'client', 'rogue-root'),
  ]);
  await Promise.all([
    issue('api', 'api', 'server', 'intermediate'),
    issue('edge-leaf', 'localhost', 'server', 'intermediate'),
    issue('nginx-client', 'seccam-nginx', 'client', 'intermediate'),
    issue('device', 'dashcam-1', 'client', 'intermediate'),
    issue('impostor', 'api', 'impostor', 'intermediate'),
  ]);

  const pem = async (name: string): Promise<string> => ensureTrailingNewline(await readFile(file(name), 'utf8'));
  const [root, intermediate, edgeLeaf, rogueRoot] = await Promise.all([
    pem('root.crt'),
    pem('intermediate.crt'),
    pem('edge-leaf.crt'),
    pem('rogue-root.crt'),
  ]);
  await Promise.all([
    writeFile(file('root.pem'), root),
    writeFile(file('rogue-root.pem'), rogueRoot),
    writeFile(file('chain.pem'), intermediate + root),
    writeFile(file('edge.crt'), edgeLeaf + intermediate),
    copyFile(file('edge-leaf.key'), file('edge.key')),
  ]);
  return { dir, rootPem: root, chainPem: intermediate + root, file };
}

function ensureTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
