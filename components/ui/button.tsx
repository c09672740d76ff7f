'use client';

import type { Ref } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { focusRing, target } from './styles';
import { useHydrated } from './use-hydrated';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-onPrimary border-2 border-primary',
  secondary: 'bg-bg text-text border-2 border-border data-[hovered]:bg-surface',
  danger: 'bg-danger text-onDanger border-2 border-danger',
  quiet: 'bg-transparent text-text border-2 border-transparent data-[hovered]:bg-surface',
};

export interface ButtonProps extends Omit<AriaButtonProps, 'className'> {
  variant?: ButtonVariant;
  /** For moving focus back to it (React 19 passes `ref` as a prop). */
  ref?: Ref<HTMLButtonElement>;
  className?: string;
}

/**
 * A button at least 44x44 px with a visible 3 px focus ring. Disabled buttons keep their
 * text contrast (WCAG 1.4.6 has no exception we rely on) and say why elsewhere in the form.
 */
export function Button({ variant = 'secondary', className = '', ...props }: ButtonProps) {
  const hydrated = useHydrated();
  return (
    <AriaButton
      {...props}
      isDisabled={props.isDisabled || !hydrated}
      className={`${target} ${focusRing} inline-flex items-center justify-center gap-2 rounded-md px-4 font-semibold data-[disabled]:cursor-not-allowed data-[disabled]:border-dashed ${VARIANTS[variant]} ${className}`}
    />
  );
}
