'use client';

import { LoaderCircle, type LucideIcon } from 'lucide-react';
import { useEffect, useId, type Ref } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { removeAnnouncementsOf } from './stale-announcements';
import { focusRing, icon as iconClass, target } from './styles';
import { useHydrated } from './use-hydrated';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

// Filled buttons are outlined by their own fill (3:1 against the page); the secondary one by a
// 1 px `border` at 3:1 (WCAG 1.4.11). Hover deepens the fill; text stays at 7:1 in every state.
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-primary text-onPrimary border border-primary shadow-xs data-[hovered]:bg-primaryHover data-[hovered]:border-primaryHover',
  secondary: 'bg-raised text-text border border-border shadow-xs data-[hovered]:bg-surface',
  danger: 'bg-danger text-onDanger border border-danger shadow-xs data-[hovered]:bg-dangerHover data-[hovered]:border-dangerHover',
  quiet: 'bg-transparent text-text border border-transparent data-[hovered]:bg-surface',
};

export interface ButtonProps extends Omit<AriaButtonProps, 'className'> {
  variant?: ButtonVariant;
  /** A lucide icon drawn before the label, hidden from assistive technology (the label names the button). */
  icon?: LucideIcon;
  /** For moving focus back to it (React 19 passes `ref` as a prop). */
  ref?: Ref<HTMLButtonElement>;
  className?: string;
}

/**
 * A button at least 44x44 px with a visible 3 px focus ring. Disabled buttons keep their
 * text contrast (WCAG 1.4.6 has no exception we rely on) and say why elsewhere in the form.
 * `isPending` keeps focus on the button, refuses presses and turns the icon into a spinner
 * (a still one under reduced motion); give it a label that says what is happening ("Saving…").
 */
export function Button({ variant = 'secondary', icon, className = '', children, ...props }: ButtonProps) {
  const hydrated = useHydrated();
  const generatedId = useId();
  const id = props.id ?? generatedId;
  // Its pending announcements go with it (stale-announcements.ts).
  useEffect(() => () => removeAnnouncementsOf(id), [id]);
  const Icon = props.isPending ? LoaderCircle : icon;
  return (
    <AriaButton
      {...props}
      id={id}
      isDisabled={props.isDisabled || !hydrated}
      className={`${target} ${focusRing} inline-flex items-center justify-center gap-2 rounded-md px-4 font-semibold transition-colors data-[pressed]:shadow-none data-[pending]:cursor-progress data-[disabled]:cursor-not-allowed data-[disabled]:border-dashed data-[disabled]:shadow-none ${VARIANTS[variant]} ${className}`}
    >
      {Icon
        ? (values) => (
            <>
              <Icon aria-hidden="true" className={`${iconClass} ${props.isPending ? 'motion-safe:animate-spin' : ''}`} strokeWidth={2} />
              {typeof children === 'function' ? children(values) : children}
            </>
          )
        : children}
    </AriaButton>
  );
}
