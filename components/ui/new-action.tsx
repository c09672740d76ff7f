'use client';

import { Plus } from 'lucide-react';
import { Link as AriaLink } from 'react-aria-components';
import { focusRing, target } from './styles';

/**
 * Looks of the screen's "new" action: on a phone it floats over the list's lower right corner,
 * above the tab bar, within thumb reach; from desktop width it is a plain primary button in the
 * page header. In the DOM it stays in the header, so it comes right after the page's title in
 * reading and Tab order. `data-bottom-bar` tells the shell to keep focus clear of it (WCAG 2.4.12).
 */
export const floatOnPhone =
  'max-lg:fixed max-lg:bottom-[calc(var(--tab-bar-height)+1rem+env(safe-area-inset-bottom))] max-lg:right-3 max-lg:z-30 max-lg:min-h-14 max-lg:rounded-full max-lg:pl-4 max-lg:pr-5 max-lg:shadow-lg';
const newActionClass = `${target} ${focusRing} ${floatOnPhone} inline-flex items-center justify-center gap-2 rounded-md border-2 border-primary bg-primary px-4 font-semibold text-onPrimary no-underline`;

/** The icon every "new" action leads with. */
export function NewIcon() {
  return <Plus aria-hidden="true" className="h-5 w-5 shrink-0" strokeWidth={2.5} />;
}

/** "New contact", "New deal": a link to the empty form, floating on a phone (a button that opens a form uses `floatOnPhone`). */
export function NewActionLink({ href, children }: { href: string; children: string }) {
  return (
    <AriaLink href={href} data-bottom-bar="" className={newActionClass}>
      <NewIcon />
      {children}
    </AriaLink>
  );
}
