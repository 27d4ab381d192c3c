import { createSignal } from 'solid-js';

/**
 * Where the evidence file goes in: a file picker (reachable by keyboard, announced by its label)
 * inside a zone that also takes a dropped file. The file is handed over as it is; the page
 * checks its size before reading a byte of it.
 */
export function EvidenceDrop(props: { readonly onFile: (file: File) => void; readonly disabled: boolean }) {
  const [over, setOver] = createSignal(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file !== undefined && !props.disabled) props.onFile(file);
  };
  return (
    <section class="card verifier-step" aria-labelledby="file-heading">
      <h2 id="file-heading">2. The evidence file</h2>
      <div
        class="drop-zone"
        classList={{ 'drop-zone-over': over() }}
        id="drop-zone"
        onDragEnter={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          take(event.dataTransfer?.files);
        }}
      >
        <p class="drop-title">Drop an evidence file (.scex) here</p>
        <p class="hint">or choose it:</p>
        <label for="evidence-file" class="drop-label">
          Evidence file (.scex)
        </label>
        <input
          id="evidence-file"
          type="file"
          accept=".scex,application/octet-stream"
          disabled={props.disabled}
          onChange={(event) => {
            take(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
        <p class="hint">Nothing is uploaded: the file is read and checked in this tab only.</p>
      </div>
    </section>
  );
}
