'use client';

import { useState } from 'react';
import { FormMessage } from '@/components/auth/field';
import { Button } from '@/components/ui/button';
import { Dialog, DialogTrigger } from '@/components/ui/dialog';
import { eraseContact, type PrivacyRequest } from './api';
import { problemText } from './problem-text';

export interface EraseDialogProps {
  contactId: string;
  /** The person's name as the page shows it. */
  name: string;
  /** Called once the server has erased the contact, with the request and its counts. */
  onErased: (request: PrivacyRequest) => void;
}

/**
 * Erase…, then a confirmation that says plainly what goes, what stays and that it cannot be
 * undone (WCAG 3.3.4, 3.3.6). Keep it has focus first, so Enter by habit never erases. The
 * dialog stays open while the server works (neither Escape nor Keep it closes it then) and shows its refusal beside the button that asked;
 * it closes only once the erasure is done.
 */
export function EraseDialog({ contactId, name, onErased }: EraseDialogProps) {
  const [error, setError] = useState<string>();
  const [erasing, setErasing] = useState(false);

  async function erase(close: () => void) {
    setErasing(true);
    setError(undefined);
    try {
      const request = await eraseContact(contactId);
      close();
      onErased(request);
    } catch (err) {
      setError(`Nothing was erased: ${problemText(err)}`);
    } finally {
      setErasing(false);
    }
  }

  return (
    <DialogTrigger onOpenChange={(open) => open && setError(undefined)}>
      <Button variant="danger">
        Erase…<span className="sr-only"> {name}</span>
      </Button>
      <Dialog title={`Erase ${name} everywhere?`} role="alertdialog" busy={erasing}>
        {(close) => (
          <>
            <p>This erases everything the organization holds about {name}:</p>
            <ul className="list-disc ps-6">
              <li>the contact record;</li>
              <li>their activities: calls, visits, notes and tasks;</li>
              <li>their values in the change history;</li>
              <li>their values in the audit log (the entries stay, so the log can still be verified);</li>
              <li>the data of workflow runs about them;</li>
              <li>the copies on phones, removed at each phone’s next sync.</li>
            </ul>
            <p>Their email, phone number and full name are also removed where other records mention them: colleagues’ notes, deal names, notifications and workflow data.</p>
            <p>Deals they are on are kept, no longer linked to them.</p>
            <p>
              <strong>This cannot be undone.</strong> If the person asked for a copy, export it first.
            </p>
            <FormMessage message={error} />
            <div className="flex flex-wrap justify-end gap-cluster">
              <Button variant="secondary" autoFocus isDisabled={erasing} onPress={close}>
                Keep it
              </Button>
              <Button variant="danger" isPending={erasing} onPress={() => void erase(close)}>
                {erasing ? 'Erasing…' : 'Erase for good'}
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </DialogTrigger>
  );
}
