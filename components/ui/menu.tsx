'use client';

import type { ReactNode } from 'react';
import { ChevronDown } from 'lucide-react';
import {
  Menu as AriaMenu,
  MenuItem as AriaMenuItem,
  MenuTrigger,
  Popover,
  type Key,
} from 'react-aria-components';
import { Button, type ButtonVariant } from './button';
import { icon, option, popover } from './styles';

export interface MenuAction {
  id: string;
  label: string;
  isDisabled?: boolean;
}

export interface MenuButtonProps {
  /** Visible text of the button, e.g. "Actions". */
  label: string;
  /** Accessible name when the visible label is not enough, e.g. "Actions for Ada Lovelace". */
  'aria-label'?: string;
  actions: readonly MenuAction[];
  onAction: (id: string) => void;
  variant?: ButtonVariant;
  /** Draw the button as this icon alone (a card's "⋯"); its name is then `aria-label`, or `label`. */
  iconOnly?: ReactNode;
}

/**
 * A button that opens a menu of actions. Arrows move, Enter activates, Escape closes and
 * focus returns to the button; typing a letter jumps to the matching item.
 */
export function MenuButton({ label, actions, onAction, variant = 'secondary', iconOnly, ...rest }: MenuButtonProps) {
  return (
    <MenuTrigger>
      {iconOnly ? (
        <Button variant={variant} aria-label={rest['aria-label'] ?? label} className="px-0">
          {iconOnly}
        </Button>
      ) : (
        <Button variant={variant} aria-label={rest['aria-label']}>
          {label}
          <ChevronDown aria-hidden="true" className={icon} strokeWidth={2} />
        </Button>
      )}
      <Popover className={`${popover} min-w-48 p-1`}>
        <AriaMenu
          items={actions}
          disabledKeys={actions.filter((a) => a.isDisabled).map((a) => a.id)}
          onAction={(key: Key) => onAction(String(key))}
          className="outline-none"
        >
          {(item) => (
            <AriaMenuItem id={item.id} textValue={item.label} className={option}>
              {item.label}
            </AriaMenuItem>
          )}
        </AriaMenu>
      </Popover>
    </MenuTrigger>
  );
}
