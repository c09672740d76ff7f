import type { ReactNode } from 'react';
import { Breadcrumbs, type Crumb } from '../ui/breadcrumbs';

/** Every page has exactly one h1 naming where the user is (WCAG 2.4.2, 2.4.6). */
export function PageHeader({ title, description, actions, trail, compactOnPhone = false }: {
  title: string;
  description?: ReactNode;
  /**
   * A list screen whose description only says what the list is: on a phone it is read, not
   * shown, so the first screen is for the records. Never for descriptions holding data.
   */
  compactOnPhone?: boolean;
  actions?: ReactNode;
  /** Breadcrumbs ending at this page, for pages the navigation does not mark (WCAG 2.4.8). */
  trail?: readonly Crumb[];
}) {
  return (
    <div className="mb-2 flex flex-wrap items-center justify-between gap-x-2">
      <div>
        {trail ? <Breadcrumbs items={trail} /> : null}
        <h1 className="text-2xl font-bold">{title}</h1>
        {description ? <p className={`text-muted ${compactOnPhone ? 'max-sm:sr-only' : ''}`}>{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}
