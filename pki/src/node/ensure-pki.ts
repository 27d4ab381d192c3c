import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  createIntermediateCa,
  createRootCa,
  exportPrivateKeyPem,
  importCertificateAuthority,
  type CertificateAuthority,
} from '../certificate-authority.ts';
import { describeCertificate } from '../certificate-info.ts';
import { isSignedBy } from '../certificate-path.ts';
import { parseCertificatePem } from '../certificate-signer.ts';
import { joinPem, splitPemBlocks } from '../pem.ts';
import { isPkiError, PkiError } from '../pki-error.ts';
import { assertPolicyArc, DEFAULT_POLICY_ARC, policyArcOfCertificate } from '../role-policy.ts';
import { issueServerCertificate, issueServiceClientCertificate, type ServiceCertificate } from '../service-certificate.ts';
import { verifyChain } from '../verify-chain.ts';
import { CERT_MODE, ensureDir, KEY_MODE, readOptional, tightenKeyMode, withDirLock, writeFileAtomic } from './pki-files.ts';

/**
 * Idempotent bootstrap of the platform PKI on disk (first start of the API, or the CLI).
 *
 * [Note: PKI store layout]
 * File names match what the nginx template reads from its PKI directory.
 * ```
 * <dir>/root.pem            root CA certificate (clients pin it)
 * <dir>/root/root.key       root CA key, 0600 in a 0700 folder. Only needed to make a new
 *                           intermediate: it can be moved offline once the store exists.
 * <dir>/intermediate.pem    intermediate CA certificate (signs everything day to day)
 * <dir>/intermediate.key    0600
 * <dir>/chain.pem           intermediate + root (nginx's trusted certificates, /pki/chain.pem)
 * <dir>/api.crt, api.key    the API's TLS server certificate (leaf + intermediate) and key
 * <dir>/nginx-client.crt/.key  nginx -> API mTLS client certificate (leaf + intermediate)
 * <dir>/edge.crt, edge.key  nginx's public TLS certificate for a dev deployment (leaf + intermediate)
 * ```
 * On every call: a missing root is created only when no intermediate exists (never overwrite
 * a CA users may already pin); the root is never renewed automatically. A missing or expired
 * intermediate is (re)made with the root key, or the call fails if that key is offline. A
 * service certificate is reissued when missing, unreadable, not matching its key, not
 * chaining to the current CA, missing a wanted host name, or within
 * {@link SERVICE_RENEW_BEFORE_MS} of expiry. Anything else inconsistent is reported as
 * `PKI_STORE_INVALID` and left alone for a human.
 */

/** Options of {@link ensurePki}. */
export interface EnsurePkiOptions {
  /** Extra DNS names or IP addresses for the API and edge certificates. */
  hostnames?: string[];
  /** Progress messages (one line each). */
  log?: (message: string) => void;
  /** Subject names; defaults suit a single deployment. */
  names?: Partial<PkiNames>;
  /**
   * The deployment's role-policy arc ([Note: policy OID arc]), written into a new root and
   * checked against an existing one (a store under another arc is `PKI_STORE_INVALID`: its
   * certificates would name other roles). Default: the default arc.
   */
  policyArc?: string;
}

/** Common names used for the generated certificates. */
export interface PkiNames {
  rootCommonName: string;
  intermediateCommonName: string;
  organisation: string;
  apiCommonName: string;
  edgeServerCommonName: string;
  nginxClientCommonName: string;
}

/** Absolute paths of the store's files ([Note: PKI store layout]). */
export interface PkiPaths {
  dir: string;
  rootCert: string;
  rootKey: string;
  intermediateCert: string;
  intermediateKey: string;
  chain: string;
  apiCert: string;
  apiKey: string;
  nginxClientCert: string;
  nginxClientKey: string;
  edgeCert: string;
  edgeKey: string;
}

/** What {@link ensurePki} returns. */
export interface PkiMaterial {
  paths: PkiPaths;
  /** The intermediate CA, which issues user and service certificates. */
  issuer: CertificateAuthority;
  rootPem: string;
  /** Intermediate certificate(s), leaf side first. */
  intermediatePems: string[];
  /** Intermediate(s) then root, as in `chain.pem`. */
  chainPems: string[];
  /** API server certificate followed by the intermediate (what node:https `cert` wants). */
  serverCertPem: string;
  /** API server private key, PKCS#8 PEM. */
  serverKeyPem: string;
  /** CN of nginx's client certificate (the API believes forwarded headers only from it). */
  edgeCommonName: string;
  /** Files created or replaced by this call (empty when everything was reused). */
  changed: string[];
}

/** Service certificates are renewed when they expire within this window. */
export const SERVICE_RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

const DEFAULT_NAMES: PkiNames = {
  rootCommonName: 'SecCam Root CA',
  intermediateCommonName: 'SecCam Intermediate CA',
  organisation: 'SecCam',
  apiCommonName: 'seccam-api',
  edgeServerCommonName: 'seccam-edge',
  nginxClientCommonName: 'seccam-nginx',
};

const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** Paths of a store in `dir` ([Note: PKI store layout]). */
export function pkiPaths(dir: string): PkiPaths {
  return {
    dir,
    rootCert: join(dir, 'root.pem'),
    rootKey: join(dir, 'root', 'root.key'),
    intermediateCert: join(dir, 'intermediate.pem'),
    intermediateKey: join(dir, 'intermediate.key'),
    chain: join(dir, 'chain.pem'),
    apiCert: join(dir, 'api.crt'),
    apiKey: join(dir, 'api.key'),
    nginxClientCert: join(dir, 'nginx-client.crt'),
    nginxClientKey: join(dir, 'nginx-client.key'),
    edgeCert: join(dir, 'edge.crt'),
    edgeKey: join(dir, 'edge.key'),
  };
}

/**
 * Loads the PKI store in `dir`, creating or repairing what is missing per
 * [Note: PKI store layout]. Safe to call on every start and from concurrent processes.
 * @throws PkiError `PKI_STORE_INVALID` when the store is inconsistent in a way that needs a human
 */
export async function ensurePki(dir: string, options: EnsurePkiOptions = {}): Promise<PkiMaterial> {
  const log = options.log ?? ((): void => undefined);
  const names = { ...DEFAULT_NAMES, ...options.names };
  const hosts = [...new Set([...DEFAULT_HOSTS, ...(options.hostnames ?? [])])];
  const paths = pkiPaths(dir);
  await ensureDir(dir, 0o755);
  await ensureDir(join(dir, 'root'), 0o700, true);
  return withDirLock(dir, async () => {
    const changed: string[] = [];
    const note = (path: string, message: string): void => {
      changed.push(path);
      log(message);
    };
    const policyArc = options.policyArc ?? DEFAULT_POLICY_ARC;
    assertPolicyArc(policyArc);
    const rootPem = await ensureRoot(paths, names, policyArc, note);
    const issuer = await ensureIntermediate(paths, names, rootPem, note);
    const chainText = joinPem([issuer.certPem, rootPem]);
    if ((await readOptional(paths.chain)) !== chainText) {
      await writeFileAtomic(paths.chain, chainText, CERT_MODE);
      note(paths.chain, `PKI: wrote ${paths.chain}`);
    }
    const trust = { rootPem, issuer };
    const sanHosts = { dnsNames: hosts.filter((h) => isIP(h) === 0), ipAddresses: hosts.filter((h) => isIP(h) !== 0) };
    const server = await ensureService(paths.apiCert, paths.apiKey, trust, hosts, note, () =>
      issueServerCertificate(issuer, { commonName: names.apiCommonName, ...sanHosts }),
    );
    await ensureService(paths.edgeCert, paths.edgeKey, trust, hosts, note, () =>
      issueServerCertificate(issuer, { commonName: names.edgeServerCommonName, ...sanHosts }),
    );
    await ensureService(paths.nginxClientCert, paths.nginxClientKey, trust, [], note, () =>
      issueServiceClientCertificate(issuer, { commonName: names.nginxClientCommonName }),
    );
    for (const key of [paths.rootKey, paths.intermediateKey, paths.apiKey, paths.edgeKey, paths.nginxClientKey]) {
      if (await tightenKeyMode(key)) log(`PKI: ${key} was readable by others; narrowed it to 0600`);
    }
    if (changed.length === 0) log(`PKI: reusing the CA and certificates in ${dir}`);
    return {
      paths,
      issuer,
      rootPem,
      intermediatePems: [issuer.certPem],
      chainPems: [issuer.certPem, rootPem],
      serverCertPem: server.certChainPem,
      serverKeyPem: server.keyPem,
      edgeCommonName: names.nginxClientCommonName,
      changed,
    };
  });
}

type Note = (path: string, message: string) => void;

async function ensureRoot(paths: PkiPaths, names: PkiNames, policyArc: string, note: Note): Promise<string> {
  const existing = await readOptional(paths.rootCert);
  if (existing !== null) {
    const root = parseCertificatePem(existing);
    const storedArc = policyArcOfCertificate(root);
    if (storedArc !== policyArc) {
      throw new PkiError(
        'PKI_STORE_INVALID',
        `root CA ${paths.rootCert} names the policy arc ${storedArc ?? '(none)'}, not ${policyArc}: a CA's arc cannot change (make a new store and re-register users)`,
      );
    }
    if (root.notAfter.getTime() < Date.now()) {
      throw new PkiError(
        'PKI_STORE_INVALID',
        `root CA ${paths.rootCert} expired on ${root.notAfter.toISOString()}; make a new store and re-register users`,
      );
    }
    return root.toString('pem');
  }
  if ((await readOptional(paths.intermediateCert)) !== null) {
    throw new PkiError('PKI_STORE_INVALID', `${paths.rootCert} is missing but an intermediate exists; restore the root certificate`);
  }
  const root = await createRootCa({ commonName: names.rootCommonName, organisation: names.organisation, policyArc });
  await writeFileAtomic(paths.rootKey, `${await exportPrivateKeyPem(root.keys.privateKey)}\n`, KEY_MODE);
  await writeFileAtomic(paths.rootCert, `${root.certPem}\n`, CERT_MODE);
  note(paths.rootCert, `PKI: created root CA ${paths.rootCert} (key in ${paths.rootKey}, which may be moved offline)`);
  return root.certPem;
}

async function ensureIntermediate(paths: PkiPaths, names: PkiNames, rootPem: string, note: Note): Promise<CertificateAuthority> {
  const [certPem, keyPem] = await Promise.all([readOptional(paths.intermediateCert), readOptional(paths.intermediateKey)]);
  if (certPem !== null && keyPem !== null) {
    const intermediate = await loadCa(certPem, keyPem, paths.intermediateCert);
    const cert = parseCertificatePem(intermediate.certPem);
    if (!(await isSignedBy(cert, parseCertificatePem(rootPem), globalThis.crypto))) {
      throw new PkiError('PKI_STORE_INVALID', `${paths.intermediateCert} is not signed by ${paths.rootCert}`);
    }
    if (policyArcOfCertificate(cert) !== policyArcOfCertificate(parseCertificatePem(rootPem))) {
      throw new PkiError('PKI_STORE_INVALID', `${paths.intermediateCert} names another policy arc than ${paths.rootCert}`);
    }
    if (cert.notAfter.getTime() > Date.now()) return intermediate;
  } else if (certPem !== null || keyPem !== null) {
    throw new PkiError('PKI_STORE_INVALID', `only one of ${paths.intermediateCert} and ${paths.intermediateKey} exists`);
  }
  const rootKeyPem = await readOptional(paths.rootKey);
  if (rootKeyPem === null) {
    throw new PkiError('PKI_STORE_INVALID', `a new intermediate CA is needed but the root key ${paths.rootKey} is offline`);
  }
  const root = await loadCa(rootPem, rootKeyPem, paths.rootKey);
  const fresh = await createIntermediateCa(root, { commonName: names.intermediateCommonName, organisation: names.organisation });
  await writeFileAtomic(paths.intermediateKey, `${await exportPrivateKeyPem(fresh.keys.privateKey)}\n`, KEY_MODE);
  await writeFileAtomic(paths.intermediateCert, `${fresh.certPem}\n`, CERT_MODE);
  note(
    paths.intermediateCert,
    `PKI: created intermediate CA ${paths.intermediateCert}${certPem === null ? '' : ' (the previous one expired: users need new certificates)'}`,
  );
  return loadCa(fresh.certPem, await exportPrivateKeyPem(fresh.keys.privateKey), paths.intermediateCert);
}

async function loadCa(certPem: string, keyPem: string, where: string): Promise<CertificateAuthority> {
  try {
    return await importCertificateAuthority({ certPem, keyPem });
  } catch (cause) {
    if (isPkiError(cause)) throw new PkiError('PKI_STORE_INVALID', `${where}: ${cause.message}`, { cause });
    throw cause;
  }
}

interface Trust {
  rootPem: string;
  issuer: CertificateAuthority;
}

async function ensureService(
  certPath: string,
  keyPath: string,
  trust: Trust,
  wantedHosts: readonly string[],
  note: Note,
  issue: () => Promise<ServiceCertificate>,
): Promise<{ certChainPem: string; keyPem: string }> {
  const [certText, keyPem] = await Promise.all([readOptional(certPath), readOptional(keyPath)]);
  const problem = certText === null || keyPem === null ? 'missing' : await serviceProblem(certText, keyPem, trust, wantedHosts);
  if (problem === null && certText !== null && keyPem !== null) return { certChainPem: certText, keyPem };
  const issued = await issue();
  const certChainPem = joinPem([issued.certPem, trust.issuer.certPem]);
  await writeFileAtomic(keyPath, `${issued.keyPem}\n`, KEY_MODE);
  await writeFileAtomic(certPath, certChainPem, CERT_MODE);
  note(certPath, `PKI: issued ${certPath} (${problem ?? 'missing'}), valid until ${issued.notAfter.toISOString()}`);
  return { certChainPem, keyPem: `${issued.keyPem}\n` };
}

/** Why a stored service certificate must be replaced, or null when it can stay. */
async function serviceProblem(certText: string, keyPem: string, trust: Trust, wantedHosts: readonly string[]): Promise<string | null> {
  const leafPem = splitPemBlocks(certText)[0];
  if (leafPem === undefined) return 'unreadable';
  const check = await verifyChain(leafPem, { rootPem: trust.rootPem, intermediatePems: [trust.issuer.certPem], expectedRole: 'service' });
  if (!check.ok) return `stale: ${check.reason}`;
  try {
    await importCertificateAuthority({ certPem: leafPem, keyPem });
  } catch {
    return 'key mismatch';
  }
  const info = await describeCertificate(leafPem);
  const issuerEnd = parseCertificatePem(trust.issuer.certPem).notAfter.getTime();
  if (info.notAfter.getTime() - Date.now() < SERVICE_RENEW_BEFORE_MS && info.notAfter.getTime() < issuerEnd) return 'expiring';
  const missing = wantedHosts.filter((host) => !info.altNames.includes(host));
  return missing.length === 0 ? null : `new host names ${missing.join(', ')}`;
}
