'use client';

import { useEffect } from 'react';

/** Room kept between a focused element and a bar (CSS px). */
const GAP = 8;

/**
 * Keeps whatever gets focus clear of the sticky top bar and what is fixed at a phone's bottom (WCAG
 * 2.4.11, 2.4.12). The browser's own focus scrolling honours `scroll-padding` only when it
 * decides to scroll at all: a field already inside the window but under a bar (a tall text
 * area reached by Tab, found by the scan) was left there. This moves the page just enough.
 */
export function FocusClearOfBars() {
  useEffect(() => {
    const onFocus = (e: FocusEvent) => {
      const el = e.target;
      if (!(el instanceof HTMLElement) || el === document.body) return;
      const header = document.querySelector('header[data-top-bar]');
      // What is fixed at the bottom on a phone: the tab bar, a record's quick actions, the floating "new" action.
      const bars = [...document.querySelectorAll<HTMLElement>('[data-bottom-bar]')].filter((b) => getComputedStyle(b).position === 'fixed' && b.offsetHeight > 0);
      // Dialogs and open lists sit over the page on their own layer: scrolling would only move
      // (or, for React Aria's popovers, close) them.
      if (header?.contains(el) || bars.some((b) => b.contains(el)) || el.closest('[role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"]')) return;
      const box = el.getBoundingClientRect();
      const top = (header?.getBoundingClientRect().bottom ?? 0) + GAP;
      const bottom = Math.min(window.innerHeight, ...bars.map((b) => b.getBoundingClientRect().top - GAP));
      // Taller than the room between the bars: its top edge is what must show.
      if (box.top < top || box.height > bottom - top) window.scrollBy({ top: box.top - top, behavior: 'instant' });
      else if (box.bottom > bottom) window.scrollBy({ top: box.bottom - bottom, behavior: 'instant' });
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  return null;
}
