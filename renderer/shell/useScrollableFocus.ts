import { useEffect } from 'react';

/** The scroll boxes antd draws for wide or tall tables and for long lists; it gives them no tab stop. */
const SCROLLERS =
  '.ant-table-content, .ant-table-body, .ant-list, .ant-card-body, .ant-drawer-body, .ant-modal-body, .column-chooser, [style*="overflow"]';

function overflows(el: HTMLElement): boolean {
  const style = getComputedStyle(el);
  const x = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth;
  const y = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight;
  return x || y;
}

/**
 * A table that scrolls sideways must be scrollable from the keyboard too (WCAG 2.1.1): a box that scrolls
 * and holds nothing focusable gets a tab stop (the arrow keys then scroll it), one that stops scrolling
 * loses it. antd offers no prop for it, so one observer in the shell keeps every screen right, new ones too.
 */
export function useScrollableFocus(): void {
  useEffect(() => {
    let queued = false;
    const update = () => {
      queued = false;
      for (const el of document.querySelectorAll<HTMLElement>(SCROLLERS)) {
        const mine = el.dataset.scrollFocus === '1';
        if (overflows(el)) {
          if (!mine && !el.hasAttribute('tabindex') && !el.querySelector('a[href], button, input, select, textarea, [tabindex]')) {
            el.tabIndex = 0;
            el.dataset.scrollFocus = '1';
          }
        } else if (mine) {
          el.removeAttribute('tabindex');
          delete el.dataset.scrollFocus;
        }
      }
    };
    const schedule = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(update);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
    };
  }, []);
}
