import Link from 'next/link';
import type { ReactNode } from 'react';
import { SyncStatus } from '../sync/sync-status';
import { FocusClearOfBars } from './focus-clear-of-bars';
import { MainNav } from './main-nav';
import { Abbr } from '../ui/abbr';
import { ToastRegion } from '../ui/toast';

/**
 * The signed-in frame of every CRM page, phone first: a compact top bar (home, sync state,
 * account), the page's own content right below it, and the main navigation as a bottom tab bar
 * on a phone or a side navigation on desktop. The bottom bar is fixed, so main keeps room at
 * its end for it and for what floats on it (a list's "new" action), so nothing stays hidden
 * behind them (WCAG 2.4.11).
 */
export function AppShell({ children, accountSlot }: { children: ReactNode; accountSlot?: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:flex focus:min-h-target focus:items-center focus:rounded-md focus:bg-primary focus:px-4 focus:text-onPrimary"
      >
        Skip to main content
      </a>
      {/* Above the tab bar (z-40 over z-30): the account panel it opens must never sit under it. */}
      <header data-top-bar="" className="sticky top-0 z-40 border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-1 px-2 py-1 sm:px-3">
          {/* Named as one word: the abbreviations inside would otherwise be read "CRM - AI". */}
          <Link href="/today" aria-label="CRM-AI, home" className="flex min-h-target min-w-target shrink-0 items-center whitespace-nowrap rounded-md px-1 text-lg font-bold text-text no-underline">
            <span aria-hidden="true" className="text-primary">
              ◆&nbsp;
            </span>
            <Abbr term="CRM" />-<Abbr term="AI" />
          </Link>
          <div className="flex min-w-0 items-center gap-1">
            <SyncStatus />
            {accountSlot}
          </div>
        </div>
      </header>
      <ToastRegion />
      <FocusClearOfBars />
      {/* One height for the phone's tab bar, read by what sits on it (quick actions, the "new" action). */}
      <div className="mx-auto flex max-w-7xl gap-4 [--tab-bar-height:3.5rem] lg:px-3 lg:pt-3">
        <MainNav />
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-3 pb-36 pt-3 outline-none lg:pb-6 lg:pt-1">
          {children}
        </main>
      </div>
    </>
  );
}
