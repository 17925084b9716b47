import type { KeyboardEvent, RefObject } from 'react';

/** Everything a clerk can type into, in screen order (select and date inputs are real inputs in antd). */
const FIELD_SELECTOR =
  'input:not([disabled]):not([type=hidden]):not([readonly]), textarea:not([disabled]), button[role=switch]:not([disabled])';

/**
 * A select or date picker whose list/calendar is showing: its own keys (Enter picks, Esc closes) come first.
 * Selects say so with aria-expanded; the date input does not, so look for the calendar it shows.
 */
const popupOpen = (el: HTMLElement) =>
  el.getAttribute('aria-expanded') === 'true' ||
  (!!el.closest('.ant-picker-focused') && !!document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)'));

function focusNext(container: HTMLElement | null, from: HTMLElement): void {
  const fields = [...(container?.querySelectorAll<HTMLElement>(FIELD_SELECTOR) ?? [])];
  const i = fields.indexOf(from);
  if (i >= 0 && i < fields.length - 1) fields[i + 1].focus();
}

/**
 * Keyboard entry for record forms, the way clerks fill paper ledgers into Excel: Enter moves to the next
 * field (it never submits), Ctrl+S saves from anywhere, Esc leaves. It listens in the capture phase so a
 * closed select does not open on Enter and a control cannot swallow Ctrl+S.
 */
export function formKeyHandler(container: RefObject<HTMLElement | null>, actions: { save(): void; cancel(): void }) {
  return (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      e.stopPropagation();
      actions.save();
    } else if (e.key === 'Escape') {
      if (popupOpen(target)) return;
      e.preventDefault();
      e.stopPropagation();
      // After this keydown has finished: otherwise the confirm dialog would catch the same Esc and close at once.
      setTimeout(actions.cancel, 0);
    } else if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !target.matches('textarea')) {
      if (popupOpen(target)) {
        // Let the select take the highlighted option (or the picker the typed date), then move on. Leaving the
        // field is also what closes the list: rc-select treats Enter as an "open" key too and keeps it showing.
        setTimeout(() => {
          if (document.activeElement === target) focusNext(container.current, target);
        }, 0);
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      focusNext(container.current, target);
    }
  };
}
