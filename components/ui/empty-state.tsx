import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

/**
 * What an empty list says: what would be here, and what to do about it (a link or button in
 * `action`). The icon is decoration; the words carry the meaning.
 */
export function EmptyState({ icon: Icon, title, children, action }: { icon: LucideIcon; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div data-empty-state="" className="flex flex-col items-center gap-2 rounded-lg border border-dashed border-border px-4 py-6 text-center">
      <Icon aria-hidden="true" className="h-8 w-8 text-muted" strokeWidth={1.75} />
      <p className="font-semibold text-center">{title}</p>
      {children ? <div className="max-w-prose text-sm text-muted text-center">{children}</div> : null}
      {action ? <div className="mt-1 flex flex-wrap justify-center gap-2">{action}</div> : null}
    </div>
  );
}
