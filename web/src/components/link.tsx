import type { JSX } from 'solid-js';
import { navigate } from '../lib/router';

export interface LinkProps {
  readonly href: string;
  readonly children: JSX.Element;
}

/** An in-app link: a real `<a href>` (works without JS, opens in new tabs) routed client-side. */
export function Link(props: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a href={props.href} onClick={onClick}>
      {props.children}
    </a>
  );
}
