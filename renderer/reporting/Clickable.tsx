import type { ReactNode } from 'react';

/** A figure or status that opens something: a button that looks like a link (Tab reaches it, Enter or Space opens it). */
export function Clickable(props: { onOpen(): void; label?: string; className?: string; children: ReactNode }) {
  return (
    <button type="button" aria-label={props.label} className={`link-button ${props.className ?? ''}`} onClick={props.onOpen}>
      {props.children}
    </button>
  );
}
