import { exportStream, readStreamMedia, writeWebm, type StreamInfo } from '@seccam/device';
import { createSignal, onCleanup, Show } from 'solid-js';
import { describeError } from '../../lib/api-error';
import { formatBytes } from '../../lib/format';
import { requireIdentity } from '../../lib/require-identity';
import { useSession } from '../identity/session';
import { recordingTitle } from './recording-list';

interface SavedFile {
  readonly href: string;
  readonly fileName: string;
  readonly bytes: number;
}

interface FileTask {
  readonly busy: () => boolean;
  readonly progress: () => { readonly done: number; readonly total: number } | undefined;
  readonly saved: () => SavedFile | undefined;
  readonly error: () => string | undefined;
  run(make: (onProgress: (done: number, total: number) => void) => Promise<{ bytes: Uint8Array; type: string }>): Promise<void>;
}

/** A file made in the page (object URL, revoked when replaced or when the page goes) with progress. */
function createFileTask(fileName: () => string): FileTask {
  const [busy, setBusy] = createSignal(false);
  const [progress, setProgress] = createSignal<{ done: number; total: number }>();
  const [saved, setSaved] = createSignal<SavedFile>();
  const [error, setError] = createSignal<string>();
  const forget = () => {
    const old = saved();
    if (old !== undefined) URL.revokeObjectURL(old.href);
    setSaved(undefined);
  };
  onCleanup(forget);
  return {
    busy,
    progress,
    saved,
    error,
    async run(make) {
      forget();
      setError(undefined);
      setBusy(true);
      setProgress({ done: 0, total: 0 });
      try {
        const made = await make((done, total) => setProgress({ done, total }));
        const blob = new Blob([made.bytes as Uint8Array<ArrayBuffer>], { type: made.type });
        setSaved({ href: URL.createObjectURL(blob), fileName: fileName(), bytes: made.bytes.byteLength });
      } catch (e) {
        setError(`${describeError(e)} Try again; if it keeps failing, the recording may be damaged.`);
      } finally {
        setBusy(false);
        setProgress(undefined);
      }
    },
  };
}

function FileProgress(props: { readonly task: FileTask; readonly id: string; readonly label: string }) {
  return (
    <>
      <Show when={props.task.progress()}>
        {(p) => (
          <div class="file-progress">
            <progress id={`${props.id}-progress`} max={Math.max(p().total, 1)} value={p().done} aria-label={props.label} />
            <span>{p().total > 0 ? `${p().done} of ${p().total} frames verified` : 'Starting…'}</span>
          </div>
        )}
      </Show>
      <Show when={props.task.saved()}>
        {(file) => (
          <a class="button" id={`${props.id}-link`} href={file().href} download={file().fileName}>
            Save {file().fileName} ({formatBytes(file().bytes)})
          </a>
        )}
      </Show>
      <Show when={props.task.error()}>
        <p role="alert" class="error">
          {props.task.error()}
        </p>
      </Show>
    </>
  );
}

function safeFileName(stream: StreamInfo): string {
  const base = recordingTitle(stream)
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base === '' ? 'recording' : base}-${stream.id.slice(0, 8)}`;
}

/**
 * Saving a recording: the decrypted video as WebM (mediabunny, via the SDK's `writeWebm`), or
 * the signed evidence file (docs/PROTOCOL.md §9) that anyone can verify offline. Both read the
 * whole stream from the server and verify every frame on the way. The driver saves their own
 * recordings; a dispatcher saves the ones shared with them (the file is signed by whoever exports).
 */
export function RecordingFiles(props: { readonly stream: StreamInfo }) {
  const session = useSession();
  const webm = createFileTask(() => `${safeFileName(props.stream)}.webm`);
  const evidence = createFileTask(() => `${safeFileName(props.stream)}.scex`);
  const identity = () => requireIdentity(session);
  const mine = () => session.identity()?.username === props.stream.owner;

  const downloadWebm = () =>
    webm.run(async (onProgress) => {
      const media = await readStreamMedia(session.client, identity(), props.stream.id, { onProgress });
      if (media.packets.length === 0) throw new Error('No readable video in this recording.');
      return { bytes: await writeWebm(media.tracks, media.packets), type: 'video/webm' };
    });
  const exportEvidence = () =>
    evidence.run(async (onProgress) => {
      const total = (props.stream.lastSeq ?? -1) + 1;
      const made = await exportStream(session.client, identity(), props.stream.id, {
        onProgress: (frames) => {
          onProgress(frames, total);
        },
      });
      return { bytes: made.bytes, type: 'application/octet-stream' };
    });

  return (
    <section class="files card" aria-labelledby="files-heading">
      <h2 id="files-heading">Save</h2>
      <div class="file-action">
        <h3>Video (WebM)</h3>
        <p>The decrypted video and sound, for any player. It is no longer encrypted: keep it safe.</p>
        <button type="button" disabled={webm.busy() || props.stream.lastSeq === null} onClick={() => void downloadWebm()}>
          Prepare the video
        </button>
        <FileProgress task={webm} id="webm" label="Preparing the video" />
      </div>
      <div class="file-action">
        <h3>Evidence file</h3>
        <p>
          The frames exactly as {mine() ? 'you' : `@${props.stream.owner}`} signed them, the certificate chain and your wrapped keys, signed
          by you. An insurer or a court verifies it offline against the platform root.
        </p>
        <button type="button" disabled={evidence.busy() || props.stream.lastSeq === null} onClick={() => void exportEvidence()}>
          Export evidence
        </button>
        <FileProgress task={evidence} id="evidence" label="Exporting the evidence file" />
      </div>
    </section>
  );
}
