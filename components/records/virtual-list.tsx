'use client';

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { visibleRange } from './visible-range';

export interface RowProps {
  /** 0 for the one row Tab lands on, -1 for the others (arrow keys move between rows). */
  tabIndex: 0 | -1;
}

export interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row has this height in CSS px (rows truncate their text to keep it). */
  rowHeight: number;
  getKey: (item: T) => string;
  renderRow: (item: T, props: RowProps) => ReactNode;
  /** Names the list for screen readers ("Contacts"). */
  label: string;
  /** Id of the text that explains the arrow keys. */
  describedBy?: string;
}

/** Rows drawn beyond the visible ones. */
const OVERSCAN = 8;

/**
 * A list that renders only the rows near the viewport, scrolled with the page (one scroll
 * bar, as on any phone page). The list is one Tab stop: the arrow keys, Home, End, Page Up
 * and Page Down move between rows (roving tabindex), so 10,000 rows never stand between a
 * keyboard user and the rest of the page. Screen readers hear the true size and position
 * through aria-setsize and aria-posinset.
 */
export function VirtualList<T>({ items, rowHeight, getKey, renderRow, label, describedBy }: VirtualListProps<T>) {
  const listRef = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState({ start: 0, end: 30 });
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const current = Math.min(active, Math.max(0, items.length - 1));

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const list = listRef.current;
      if (!list) return;
      const { start, end } = visibleRange(list.getBoundingClientRect().top, window.innerHeight, rowHeight, items.length, OVERSCAN);
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [items.length, rowHeight]);

  // Focus a row once it has been drawn (after an arrow key scrolled it into range).
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-row="${index}"] a, [data-row="${index}"] button`);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    }
  });

  function moveTo(index: number) {
    const list = listRef.current;
    if (!list || items.length === 0) return;
    const next = Math.max(0, Math.min(items.length - 1, index));
    setActive(next);
    pendingFocus.current = next;
    // Bring the row into view; the scroll handler then draws it and the effect focuses it.
    const rowTop = list.getBoundingClientRect().top + window.scrollY + next * rowHeight;
    if (rowTop < window.scrollY + rowHeight || rowTop + rowHeight > window.scrollY + window.innerHeight) {
      window.scrollTo({ top: Math.max(0, rowTop - window.innerHeight / 2) });
    }
    const { start, end } = visibleRange(list.getBoundingClientRect().top, window.innerHeight, rowHeight, items.length, OVERSCAN);
    setRange((r) => (next >= r.start && next < r.end ? r : { start: Math.min(start, next), end: Math.max(end, next + 1) }));
  }

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    const page = Math.max(1, Math.floor(window.innerHeight / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: items.length - 1, PageDown: current + page, PageUp: current - page };
    const target = moves[e.key];
    if (target === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    moveTo(target);
  }

  const start = Math.min(range.start, items.length);
  const end = Math.min(Math.max(range.end, start), items.length);
  const visible = items.slice(start, end);
  return (
    <ul
      ref={listRef}
      aria-label={label}
      aria-describedby={describedBy}
      onKeyDown={onKeyDown}
      className="relative box-border"
      style={{ height: items.length * rowHeight, paddingTop: start * rowHeight }}
    >
      {visible.map((item, i) => {
        const index = start + i;
        return (
          <li
            key={getKey(item)}
            data-row={index}
            aria-setsize={items.length}
            aria-posinset={index + 1}
            style={{ height: rowHeight }}
            className="border-b border-border"
            onFocus={() => setActive(index)}
          >
            {renderRow(item, { tabIndex: index === current ? 0 : -1 })}
          </li>
        );
      })}
    </ul>
  );
}
