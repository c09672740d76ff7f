'use client';

import { Link as AriaLink, type LinkProps as AriaLinkProps } from 'react-aria-components';
import { focusRing, target } from './styles';

export interface LinkProps extends Omit<AriaLinkProps, 'className'> {
  /**
   * `standalone` links (lists, toolbars) get a 44x44 px target; `inline` links sit inside a
   * sentence, which WCAG 2.5.5 exempts, and keep an underline so colour is not the only cue.
   */
  variant?: 'standalone' | 'inline';
  className?: string;
}

/** A link that routes on the client (through UiProvider's RouterProvider) and is always underlined. */
export function Link({ variant = 'standalone', className = '', ...props }: LinkProps) {
  const box = variant === 'standalone' ? `${target} inline-flex items-center px-1` : '';
  return (
    <AriaLink
      {...props}
      className={`${box} ${focusRing} rounded-sm text-link underline decoration-1 underline-offset-4 data-[hovered]:decoration-2 data-[current]:font-semibold data-[current]:text-text data-[current]:no-underline ${className}`}
    />
  );
}
