import type { ReactNode } from 'react';
import { AuthTrail } from '@/components/auth/auth-trail';
import { ThemeToggle } from '@/components/shell/theme-toggle';
import { Abbr } from '@/components/ui/abbr';

/** Frame of the signed-out screens: banner and one main landmark, no CRM navigation. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-xl items-center justify-between gap-2 px-3 py-2">
          <p className="text-lg font-bold">
            <span aria-hidden="true">◆ </span>
            <Abbr term="CRM" />-<Abbr term="AI" />
          </p>
          <ThemeToggle />
        </div>
      </header>
      <main id="main" className="mx-auto flex max-w-xl flex-col gap-4 px-3 py-6">
        <AuthTrail />
        {children}
      </main>
    </>
  );
}
