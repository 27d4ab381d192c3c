import { onCleanup } from 'solid-js';
import type { DownloadFile } from '../lib/bundle-file';

export interface DownloadLinkProps {
  readonly file: DownloadFile;
}

/** A download link for a file made in the browser; frees its object URL when unmounted. */
export function DownloadLink(props: DownloadLinkProps) {
  onCleanup(() => {
    URL.revokeObjectURL(props.file.href);
  });
  return (
    <a class="button" href={props.file.href} download={props.file.fileName}>
      Download {props.file.fileName}
    </a>
  );
}
