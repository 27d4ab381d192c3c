/**
 * The root the verifier trusts, never the file's own ([Note: the verifier's pinned root]).
 *
 * [Note: the verifier's pinned root]
 * An evidence file names the root it chains to, and anyone can write a file whose root is their
 * own CA. The page therefore verifies against a root it already holds: the root pinned in the
 * signed-in user's key bundle; else the platform root this server publishes, fetched once when
 * the page loads and kept in memory (so verifying works with the network gone); or a root
 * certificate file the user loads, e.g. one an insurer pinned when it first dealt with the
 * platform. The chosen root's verification code is shown, to compare out of band.
 * The transparency log key is pinned the same way, never taken from the file: the log key this
 * server publishes, fetched with the platform root when the page loads ([Note: log proof in
 * evidence] in @seccam/device); its id is shown beside the root's code.
 */
import { fetchPlatformLogKey, fetchPlatformTrust, type PlatformLogKey } from '@seccam/device';
import { certificateVerificationCode, describeCertificate } from '@seccam/pki';
import { createEffect, createSignal, For, on, Show, type Accessor } from 'solid-js';
import { load } from '../../lib/load';
import { useSession } from '../identity/session';

export type RootSource = 'account' | 'platform' | 'file';

export interface PinnedRoot {
  readonly source: RootSource;
  readonly rootPem: string;
}

interface RootFacts {
  readonly rootPem: string;
  readonly subject: string;
  readonly code: string;
}

export interface TrustRoot {
  /** The root verification uses now, or undefined while none is available. */
  readonly pinned: Accessor<PinnedRoot | undefined>;
  readonly source: Accessor<RootSource>;
  choose(source: RootSource): void;
  /** Reads a root certificate file; on success it becomes the pinned root. */
  loadFile(file: File): Promise<void>;
  readonly fileError: Accessor<string | undefined>;
  readonly fileName: Accessor<string | undefined>;
  readonly platformError: Accessor<string | undefined>;
  readonly available: (source: RootSource) => boolean;
  /** The log key log proofs are checked against (undefined while none is known: proofs are then `unpinned`). */
  readonly pinnedLog: Accessor<PlatformLogKey | undefined>;
}

/** The root choice of the page; the platform root is fetched now, once. */
export function createTrustRoot(): TrustRoot {
  const session = useSession();
  const platform = load(() => fetchPlatformTrust(session.client));
  const platformLog = load(() => fetchPlatformLogKey(session.client));
  const [chosen, setChosen] = createSignal<RootSource>();
  const [filePem, setFilePem] = createSignal<string>();
  const [fileName, setFileName] = createSignal<string>();
  const [fileError, setFileError] = createSignal<string>();
  const pemOf = (source: RootSource): string | undefined => {
    if (source === 'account') return session.identity()?.anchors.rootPem;
    if (source === 'platform') return platform.data()?.rootPem;
    return filePem();
  };
  const available = (source: RootSource) => pemOf(source) !== undefined;
  const source = (): RootSource => {
    const picked = chosen();
    if (picked !== undefined && available(picked)) return picked;
    return available('account') ? 'account' : 'platform';
  };
  const pinned = (): PinnedRoot | undefined => {
    const current = source();
    const rootPem = pemOf(current);
    return rootPem === undefined ? undefined : { source: current, rootPem };
  };
  return {
    pinned,
    source,
    choose: setChosen,
    async loadFile(file) {
      setFileError(undefined);
      try {
        const text = await file.text();
        await describeCertificate(text);
        setFilePem(text);
        setFileName(file.name);
        setChosen('file');
      } catch {
        setFileError(`${file.name} is not a PEM certificate (one "BEGIN CERTIFICATE" block).`);
      }
    },
    fileError,
    fileName,
    platformError: platform.error,
    available,
    pinnedLog: platformLog.data,
  };
}

const SOURCES: readonly { readonly source: RootSource; readonly label: string }[] = [
  { source: 'account', label: 'The root pinned in your key bundle' },
  { source: 'platform', label: 'The platform root this server publishes' },
  { source: 'file', label: 'A root certificate file of your own' },
];

/** The choice of root, with the chosen root's subject and verification code. */
export function TrustRootPicker(props: { readonly root: TrustRoot }) {
  const session = useSession();
  const [facts, setFacts] = createSignal<RootFacts>();
  createEffect(
    on(
      () => props.root.pinned()?.rootPem,
      (rootPem) => {
        if (rootPem === undefined) return;
        void Promise.all([describeCertificate(rootPem), certificateVerificationCode(rootPem)]).then(([info, code]) => {
          if (props.root.pinned()?.rootPem === rootPem) setFacts({ rootPem, subject: info.subjectText, code });
        });
      },
    ),
  );
  const current = () => {
    const shown = facts();
    return shown !== undefined && shown.rootPem === props.root.pinned()?.rootPem ? shown : undefined;
  };
  return (
    <section class="card verifier-step" aria-labelledby="trust-heading">
      <h2 id="trust-heading">1. The root you trust</h2>
      <fieldset class="root-choice">
        <legend>Verify against</legend>
        <For each={SOURCES}>
          {(item) => (
            <Show when={item.source !== 'account' || session.identity() !== undefined}>
              <label class="choice">
                <input
                  type="radio"
                  name="root-source"
                  value={item.source}
                  checked={props.root.source() === item.source}
                  disabled={!props.root.available(item.source)}
                  onChange={() => {
                    props.root.choose(item.source);
                  }}
                />
                <span>
                  {item.label}
                  <Show when={item.source === 'account'}> ({session.identity()?.username})</Show>
                  <Show when={item.source === 'file' && props.root.fileName()}> ({props.root.fileName()})</Show>
                </span>
              </label>
            </Show>
          )}
        </For>
      </fieldset>
      <label for="root-file">Root certificate file (PEM)</label>
      <input
        id="root-file"
        type="file"
        accept=".pem,.crt,.cer,application/x-pem-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file !== undefined) void props.root.loadFile(file);
        }}
      />
      <Show when={props.root.fileError()}>
        <p role="alert" class="error" id="root-file-error">
          {props.root.fileError()}
        </p>
      </Show>
      <Show when={props.root.platformError() !== undefined && props.root.pinned() === undefined}>
        <p role="alert" class="error">
          The platform root could not be fetched ({props.root.platformError()}). Load a root certificate file to verify.
        </p>
      </Show>
      <Show when={current()} fallback={<p class="hint">Loading the platform root…</p>}>
        {(shown) => (
          <dl class="root-facts" id="pinned-root" data-source={props.root.source()}>
            <dt>Subject</dt>
            <dd>{shown().subject}</dd>
            <dt>Verification code</dt>
            <dd>
              <code class="verification-code">{shown().code}</code>
            </dd>
            <dt>Transparency log</dt>
            <dd>
              <Show when={props.root.pinnedLog()} fallback="not known (log proofs are checked with the file’s own key only)">
                {(log) => (
                  <>
                    the key this server publishes, id <code id="pinned-log">{log().logIdHex}</code>
                  </>
                )}
              </Show>
            </dd>
          </dl>
        )}
      </Show>
    </section>
  );
}
