/**
 * Test support: runs in Chromium (bundled by browser.test.ts) to prove the package works on
 * a browser's WebCrypto, not only on Node's. Publishes its findings on `window.smoke`.
 */
import {
  createBundle,
  createCrl,
  createIdentityCsrs,
  createIntermediateCa,
  createRootCa,
  exportBundleKeys,
  generateIdentityKeys,
  importBundleKeys,
  issueCertificate,
  loginChallengeMessage,
  openBundle,
  signLoginChallenge,
  verifyChain,
  verifyCsr,
  verifyLoginSignature,
} from './index.ts';

async function smoke(): Promise<Record<string, unknown>> {
  const subject = { username: 'acme-dispatch', role: 'dispatcher', organisation: 'Acme Insurance', country: 'DE' } as const;
  const root = await createRootCa({ commonName: 'SecCam Root CA' });
  const intermediate = await createIntermediateCa(root, { commonName: 'SecCam Intermediate CA' });
  const keys = await generateIdentityKeys();
  const csrs = await createIdentityCsrs(subject, keys);
  const sigCsr = await verifyCsr(csrs.sigCsrPem, { ...subject, kind: 'sig' });
  const encCsr = await verifyCsr(csrs.encCsrPem, { ...subject, kind: 'enc' });
  if (!sigCsr.ok || !encCsr.ok) return { csr: 'refused' };
  const sig = await issueCertificate(intermediate, sigCsr.csr, { kind: 'sig', role: 'dispatcher' });
  const enc = await issueCertificate(intermediate, encCsr.csr, { kind: 'enc', role: 'dispatcher' });
  const trust = { rootPem: root.certPem, intermediatePems: [intermediate.certPem] };
  const chain = await verifyChain(enc.certPem, { ...trust, expectedKind: 'enc', expectedUsername: 'acme-dispatch' });
  const impostorRoot = await createRootCa({ commonName: 'SecCam Root CA' });
  const impostorChain = await verifyChain(enc.certPem, { ...trust, rootPem: impostorRoot.certPem });
  const crlPem = await createCrl(intermediate, [{ serialHex: sig.serialHex, revokedAt: new Date() }]);
  const revoked = await verifyChain(sig.certPem, { ...trust, crlPems: [crlPem] });
  const contents = {
    username: subject.username,
    role: subject.role,
    ...(await exportBundleKeys(keys)),
    sigCertPem: sig.certPem,
    encCertPem: enc.certPem,
    chainPem: [intermediate.certPem],
    rootPem: root.certPem,
  };
  const bundle = await createBundle({ username: subject.username, password: 'pw', contents });
  const opened = await openBundle(JSON.stringify(bundle), { username: subject.username, password: 'pw' });
  const imported = await importBundleKeys(opened);
  const message = loginChallengeMessage({ origin: location.origin, username: subject.username, challengeId: 'c1', nonce: 'n1' });
  const signature = await signLoginChallenge(imported.sig.privateKey, message);
  return {
    chain: chain.ok,
    impostor: impostorChain.ok ? 'accepted' : impostorChain.reason,
    revoked: revoked.ok ? 'accepted' : revoked.reason,
    bundle: opened.encCertPem === enc.certPem,
    login: await verifyLoginSignature(sig.certPem, message, signature),
  };
}

/** Where the page publishes its result (kept off the global Window type on purpose). */
const page = window as unknown as { smoke?: Record<string, unknown> };

smoke().then(
  (result) => {
    page.smoke = result;
  },
  (error: unknown) => {
    page.smoke = { error: String(error) };
  },
);
