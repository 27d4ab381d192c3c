/**
 * Reading and offering `.sec.json` bundle files. Bundles stay in memory: nothing here
 * stores a bundle, a password or a key anywhere in the browser.
 */
import { parseSecBundle, PkiError, type SecBundle } from '@seccam/pki';
import { passwordStrength } from './password-strength';

/** Far above any real bundle (a few KiB); parseSecBundle applies the exact limit. */
const MAX_FILE_BYTES = 1024 * 1024;

/** Reads and strictly parses a picked bundle file. @throws PkiError `BUNDLE_MALFORMED` */
export async function readBundleFile(file: File): Promise<SecBundle> {
  if (file.size > MAX_FILE_BYTES) throw new PkiError('BUNDLE_MALFORMED', 'bundle is too large');
  return parseSecBundle(await file.text());
}

/** A downloadable file made in the browser: an object URL and its file name. */
export interface DownloadFile {
  readonly href: string;
  readonly fileName: string;
}

/** Offers `bundle` for download as `<username>.sec.json`; revoke the URL when done. */
export function bundleDownload(bundle: SecBundle): DownloadFile {
  const blob = new Blob([JSON.stringify(bundle, null, 2) + '\n'], { type: 'application/json' });
  return { href: URL.createObjectURL(blob), fileName: `${bundle.aad.username}.sec.json` };
}

/** Why a new password pair is refused (too weak, see [Note: password floor], or not repeated), or undefined when it is fine. */
export function passwordProblem(password: string, repeated: string, username: string): string | undefined {
  const { problem } = passwordStrength(password, username);
  if (problem !== undefined) return problem;
  if (password !== repeated) return 'The two passwords differ.';
  return undefined;
}
