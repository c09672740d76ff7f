import type { ReactNode } from 'react';
import { SyncStatus } from '../sync/sync-status';
import { MainNav } from './main-nav';
import { ThemeToggle } from './theme-toggle';
import { Abbr } from '../ui/abbr';
import { ToastRegion } from '../ui/toast';

/** The signed-in frame of every CRM page: skip link, banner, navigation and main landmark. */
export function AppShell({ children, accountSlot }: { children: ReactNode; accountSlot?: ReactNode }) {
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:flex focus:min-h-target focus:items-center focus:rounded-md focus:bg-primary focus:px-4 focus:text-onPrimary"
      >
        Skip to main content
      </a>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-3 py-2">
          <p className="text-lg font-bold">
            <span aria-hidden="true">◆ </span>
            <Abbr term="CRM" />-<Abbr term="AI" />
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <SyncStatus />
            {accountSlot}
            <ThemeToggle />
          </div>
        </div>
        <div className="mx-auto max-w-6xl px-3 pb-2">
          <MainNav />
        </div>
      </header>
      <ToastRegion />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-3 py-4 outline-none">
        {children}
      </main>
    </>
  );
}
