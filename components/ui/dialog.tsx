'use client';

import type { ReactNode } from 'react';
import { Dialog as AriaDialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button, type ButtonVariant } from './button';

export { DialogTrigger };

export interface DialogProps {
  title: string;
  children: ReactNode | ((close: () => void) => ReactNode);
  /** `alertdialog` for confirmations that interrupt (destructive actions). */
  role?: 'dialog' | 'alertdialog';
  /** Extra label for the close button, e.g. "Close new contact". Defaults to "Close". */
  closeLabel?: string;
  /** Work the dialog started is under way: Escape does not close it, so its outcome is seen. */
  busy?: boolean;
}

/**
 * A modal dialog: focus moves in and is kept inside while it is open, Escape closes it, and
 * focus returns to the control that opened it. Put it inside a DialogTrigger next to the
 * Button that opens it. A dialog always has a visible Close button; an alertdialog offers
 * its own safe choice instead (WCAG 2.1.2, 3.2.5).
 */
export function Dialog({ title, children, role = 'dialog', closeLabel = 'Close', busy = false }: DialogProps) {
  return (
    <ModalOverlay isDismissable={role === 'dialog' && !busy} isKeyboardDismissDisabled={busy} className="fixed inset-0 z-50 flex items-center justify-center overflow-y-auto bg-[rgb(0_0_0/0.6)] p-3">
      <Modal className="w-full max-w-lg rounded-xl border border-line bg-raised text-text shadow-dialog">
        <AriaDialog role={role} className="flex flex-col gap-4 p-inset outline-none sm:p-6">
          {({ close }) => (
            <>
              <div className="flex items-start justify-between gap-2">
                <Heading slot="title" className="pt-2 text-title">
                  {title}
                </Heading>
                {/* A confirmation has its own Cancel-style choice; a second one would be noise. */}
                {role === 'dialog' ? (
                  <Button variant="quiet" isDisabled={busy} onPress={close}>
                    {closeLabel}
                  </Button>
                ) : null}
              </div>
              {typeof children === 'function' ? children(close) : children}
            </>
          )}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

export interface ConfirmDialogProps {
  /** Opens the dialog; usually a Button. */
  trigger: ReactNode;
  title: string;
  /** Says what will happen and whether it can be undone (WCAG 3.3.6). */
  message: string;
  confirmLabel: string;
  confirmVariant?: ButtonVariant;
  onConfirm: () => void;
}

/**
 * Asks before an action that is hard to undo (WCAG 3.3.6). Cancel is first in tab order and
 * gets focus, so pressing Enter by habit never confirms.
 */
export function ConfirmDialog({ trigger, title, message, confirmLabel, confirmVariant = 'danger', onConfirm }: ConfirmDialogProps) {
  return (
    <DialogTrigger>
      {trigger}
      <Dialog title={title} role="alertdialog">
        {(close) => (
          <>
            <p>{message}</p>
            <div className="flex flex-wrap justify-end gap-2">
              <Button variant="secondary" autoFocus onPress={close}>
                Keep it
              </Button>
              <Button
                variant={confirmVariant}
                onPress={() => {
                  onConfirm();
                  close();
                }}
              >
                {confirmLabel}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
