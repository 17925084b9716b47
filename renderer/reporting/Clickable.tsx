import type { ReactNode } from 'react';

/** A figure or status that opens something: an anchor reachable by Tab and opened with Enter or Space, like a button. */
export function Clickable(props: { onOpen(): void; label?: string; className?: string; children: ReactNode }) {
  return (
    <a
      role="button"
      tabIndex={0}
      aria-label={props.label}
      className={props.className}
      onClick={props.onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          props.onOpen();
        }
      }}
    >
      {props.children}
    </a>
  );
}
