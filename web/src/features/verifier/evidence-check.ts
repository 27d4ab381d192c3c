/**
 * The verification the page runs: read the dropped file (after checking its size), verify it
 * with the SDK against the pinned root, and mux the decrypted video into a WebM to save. Every
 * step runs in this tab, with no request to any server ([Note: the verifier's pinned root]).
 */
import {
  decodeEvidenceFile,
  EvidenceError,
  verifyEvidenceExport,
  writeWebm,
  type EvidenceFile,
  type EvidenceProgress,
  type EvidenceVerification,
  type Identity,
} from '@seccam/device';
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatBytes } from '../../lib/format';
import { chainLinkOf, chainOf, EVIDENCE_FILE_MAX_BYTES, type ChainLink } from './evidence-verdict';
import type { PinnedRoot, RootSource, TrustRoot } from './trust-root';

const ROOT_ROLES: Readonly<Record<RootSource, string>> = {
  account: 'Your pinned root (from your key bundle)',
  platform: 'Your pinned root (the platform root, fetched when this page loaded)',
  file: 'Your pinned root (from your certificate file)',
};

/** Whose key opened the frames, or why none did. */
export type KeyUse =
  | { readonly kind: 'disclosed' }
  | { readonly kind: 'own'; readonly username: string }
  | { readonly kind: 'none'; readonly recipient: string; readonly signedInAs: string | undefined };

export interface CheckedFile {
  readonly kind: 'done';
  readonly fileName: string;
  readonly size: number;
  readonly root: PinnedRoot;
  readonly result: EvidenceVerification;
  /** The certificates the file carries, when its container parses. */
  readonly chain: { readonly driver: readonly ChainLink[]; readonly exporter: ChainLink | null } | null;
  readonly keys: KeyUse | null;
  /** The pinned root as the page lists it, to compare with the file's. */
  readonly pinnedRoot: ChainLink | null;
  /** The driver certificate's log entry the file claims (untrusted unless the verdict says verified). */
  readonly claimedLogEntry: ClaimedLogEntry | null;
}

/** Where the file says the driver's certificate is in the transparency log. */
export interface ClaimedLogEntry {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly headTimestamp: string;
  readonly logIdHex: string;
}

export type CheckState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'refused'; readonly fileName: string; readonly message: string }
  | { readonly kind: 'verifying'; readonly fileName: string; readonly progress: EvidenceProgress | null }
  | CheckedFile;

export type VideoState =
  | { readonly kind: 'none' }
  | { readonly kind: 'preparing' }
  | { readonly kind: 'ready'; readonly href: string; readonly fileName: string; readonly size: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface EvidenceCheck {
  readonly state: Accessor<CheckState>;
  readonly video: Accessor<VideoState>;
  check(file: File): void;
}

/** Checks files against `root`; a file checked already is checked again when the root changes. */
export function createEvidenceCheck(root: TrustRoot, identity: Accessor<Identity | undefined>): EvidenceCheck {
  const [state, setState] = createSignal<CheckState>({ kind: 'idle' });
  const [video, setVideo] = createSignal<VideoState>({ kind: 'none' });
  let current: { readonly name: string; readonly bytes: Uint8Array } | undefined;
  let run = 0;
  const forgetVideo = () => {
    const old = video();
    if (old.kind === 'ready') URL.revokeObjectURL(old.href);
    setVideo({ kind: 'none' });
  };
  onCleanup(() => {
    run += 1;
    forgetVideo();
  });

  const verify = async (name: string, bytes: Uint8Array) => {
    const mine = ++run;
    forgetVideo();
    const pinned = root.pinned();
    const logIdHex = root.pinnedLog()?.logIdHex;
    if (pinned === undefined) {
      setState({ kind: 'refused', fileName: name, message: 'No root to verify against yet: load a root certificate file.' });
      return;
    }
    setState({ kind: 'verifying', fileName: name, progress: null });
    let shownPercent = -1;
    try {
      const file = decodeOrNull(bytes);
      const keys = keyUseOf(file, identity());
      const encPrivateKey = keys?.kind === 'own' ? identity()?.encPrivateKey : undefined;
      const [result, chain, pinnedRoot] = await Promise.all([
        verifyEvidenceExport(bytes, {
          rootPem: pinned.rootPem,
          ...(logIdHex === undefined ? {} : { logIdHex }),
          ...(encPrivateKey === undefined ? {} : { encPrivateKey }),
          onProgress: (progress) => {
            const percent = Math.floor((progress.done * 100) / Math.max(progress.total, 1));
            if (mine !== run || percent === shownPercent) return;
            shownPercent = percent;
            setState({ kind: 'verifying', fileName: name, progress });
          },
        }),
        file === null ? Promise.resolve(null) : chainOf(file),
        chainLinkOf(ROOT_ROLES[pinned.source], pinned.rootPem),
      ]);
      if (mine !== run) return;
      const claimedLogEntry = claimedLogEntryOf(file);
      setState({ kind: 'done', fileName: name, size: bytes.byteLength, root: pinned, result, chain, keys, pinnedRoot, claimedLogEntry });
      if (result.ok && result.report.decrypted) await prepareVideo(mine, result, name);
    } catch (e) {
      if (mine === run) setState({ kind: 'refused', fileName: name, message: `The file could not be checked: ${describeError(e)}` });
    }
  };

  const prepareVideo = async (mine: number, result: Extract<EvidenceVerification, { ok: true }>, name: string) => {
    if (result.tracks.length === 0) {
      setVideo({ kind: 'failed', message: 'The recording holds no video or sound to save.' });
      return;
    }
    setVideo({ kind: 'preparing' });
    try {
      const webm = await writeWebm(result.tracks, result.packets);
      if (mine !== run) return;
      const href = URL.createObjectURL(new Blob([webm as Uint8Array<ArrayBuffer>], { type: 'video/webm' }));
      setVideo({ kind: 'ready', href, fileName: `${name.replace(/\.scex$/i, '')}.webm`, size: webm.byteLength });
    } catch (e) {
      if (mine === run) setVideo({ kind: 'failed', message: `The video could not be written: ${describeError(e)}` });
    }
  };

  createEffect(
    on(
      () => [root.pinned()?.rootPem, root.pinnedLog()?.logIdHex],
      () => {
        if (current !== undefined) void verify(current.name, current.bytes);
      },
      { defer: true },
    ),
  );

  return {
    state,
    video,
    check(file) {
      run += 1;
      current = undefined;
      forgetVideo();
      if (file.size > EVIDENCE_FILE_MAX_BYTES) {
        setState({
          kind: 'refused',
          fileName: file.name,
          message: `${file.name} is ${formatBytes(file.size)}; this page reads evidence files up to ${formatBytes(EVIDENCE_FILE_MAX_BYTES)}. Verify a larger file with the command-line verifier (seccam-device verify-export).`,
        });
        return;
      }
      setState({ kind: 'verifying', fileName: file.name, progress: null });
      const mine = run;
      file.arrayBuffer().then(
        (buffer) => {
          if (mine !== run) return;
          current = { name: file.name, bytes: new Uint8Array(buffer) };
          void verify(current.name, current.bytes);
        },
        (e: unknown) => {
          if (mine === run)
            setState({ kind: 'refused', fileName: file.name, message: `${file.name} could not be read: ${describeError(e)}` });
        },
      );
    },
  };
}

function claimedLogEntryOf(file: EvidenceFile | null): ClaimedLogEntry | null {
  const proof = file?.manifest.driverCertLog;
  if (proof === undefined) return null;
  const head = proof.treeHead;
  return { leafIndex: proof.leafIndex, treeSize: head.treeSize, headTimestamp: head.timestamp, logIdHex: head.logIdHex };
}

function decodeOrNull(bytes: Uint8Array): EvidenceFile | null {
  try {
    return decodeEvidenceFile(bytes);
  } catch (error) {
    if (error instanceof EvidenceError) return null;
    throw error;
  }
}

/**
 * The key that opens the frames: the file's own disclosed secrets, or the signed-in user's
 * `enc` key when the wrapped keys name their certificate. Another user's key is never tried:
 * it could not unwrap, and the genuine file would then read as a `key` failure.
 */
function keyUseOf(file: EvidenceFile | null, identity: Identity | undefined): KeyUse | null {
  if (file === null) return null;
  const { keys } = file.manifest;
  if (keys.kind === 'disclosed') return { kind: 'disclosed' };
  if (identity !== undefined && identity.encSerialHex === keys.recipient) return { kind: 'own', username: identity.username };
  return { kind: 'none', recipient: keys.recipient, signedInAs: identity?.username };
}
