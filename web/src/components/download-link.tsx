import { onCleanup } from 'solid-js';
import type { DownloadFile } from '../lib/bundle-file';

export interface DownloadLinkProps {
  readonly file: DownloadFile;
  /** Called when the user starts the download (clicks or activates the link). */
  readonly onDownload?: () => void;
}

/** A download link for a file made in the browser; frees its object URL when unmounted. */
export function DownloadLink(props: DownloadLinkProps) {
  onCleanup(() => {
    URL.revokeObjectURL(props.file.href);
  });
  return (
    <a class="button primary" href={props.file.href} download={props.file.fileName} onClick={() => props.onDownload?.()}>
      Download {props.file.fileName}
    </a>
  );
}
