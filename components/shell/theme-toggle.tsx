'use client';

import { useSyncExternalStore } from 'react';
import { Button } from '../ui/button';
import { THEME_CHANGED_EVENT as CHANGED, THEME_STORAGE_KEY } from './theme-boot';

type Choice = 'system' | 'light' | 'dark';
const NEXT: Record<Choice, Choice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<Choice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };

function readChoice(): Choice {
  const saved = localStorage.getItem(THEME_STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

function subscribe(onChange: () => void) {
  // Other tabs change it through `storage`; this tab through our own event.
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** Cycles system → light → dark; the choice is kept on this device. */
export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as const);

  function cycle() {
    const next = NEXT[choice];
    if (next === 'system') {
      localStorage.removeItem(THEME_STORAGE_KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(THEME_STORAGE_KEY, next);
      document.documentElement.dataset.theme = next;
    }
    window.dispatchEvent(new Event(CHANGED));
  }

  return (
    <Button variant="secondary" onPress={cycle} className="text-sm">
      {LABEL[choice]}
    </Button>
  );
}
