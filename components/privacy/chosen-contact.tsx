'use client';

import { Download } from 'lucide-react';
import { useState, type Ref } from 'react';
import { FormMessage } from '@/components/auth/field';
import { DetailRow } from '@/components/developers/detail-row';
import { Abbr } from '@/components/ui/abbr';
import { Button } from '@/components/ui/button';
import { card } from '@/components/ui/styles';
import { showToast } from '@/components/ui/toast-store';
import { exportContact, saveFile, type ExportFormat, type PrivacyContact, type PrivacyRequest } from './api';
import { EraseDialog } from './erase-dialog';
import { contactName } from './labels';
import { problemText } from './problem-text';

export interface ChosenContactProps {
  contact: PrivacyContact;
  /** The panel's heading, focused when a contact is chosen (the button that chose it is gone). */
  headingRef: Ref<HTMLHeadingElement>;
  /** An export was made: the page lists the new request. */
  onExported: () => void;
  onErased: (request: PrivacyRequest) => void;
}

/**
 * The contact a request is about, and what can be done: export everything held about them
 * (JSON or CSV, downloaded under the server's file name) or erase them. A refusal is shown
 * under the buttons that asked.
 */
export function ChosenContact({ contact, headingRef, onExported, onErased }: ChosenContactProps) {
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string>();
  const name = contactName(contact);

  async function download(format: ExportFormat) {
    setExporting(format);
    setError(undefined);
    try {
      const { file, fileName } = await exportContact(contact.id, format);
      saveFile(file, fileName);
      showToast(`Everything held about ${name} is downloading as ${fileName}.`, 'success');
      onExported();
    } catch (err) {
      setError(`Not exported: ${problemText(err)}`);
    } finally {
      setExporting(null);
    }
  }

  return (
    <section aria-labelledby="chosen-contact-heading" data-chosen-contact={contact.id} className={`${card} flex flex-col gap-3 p-inset`}>
      <h2 id="chosen-contact-heading" ref={headingRef} tabIndex={-1} className="text-title-sm break-words">
        <span className="sr-only">Chosen contact: </span>
        {name}
      </h2>
      <dl className="grid gap-x-4 sm:grid-cols-[max-content_1fr]">
        <DetailRow term="Email">{contact.email ?? 'None'}</DetailRow>
        <DetailRow term="Company">{contact.companyName ?? 'None'}</DetailRow>
        {contact.deleted ? <DetailRow term="State">Deleted; its history still holds its data until it is erased</DetailRow> : null}
        <DetailRow term="Contact id">
          <code className="break-all">{contact.id}</code>
        </DetailRow>
      </dl>
      <p>
        An export holds the record, their activities, the deals they are on, the change history and the audit log’s values about them. JSON keeps its structure for
        another system; <Abbr term="CSV" expand /> opens in a spreadsheet.
      </p>
      <div className="flex flex-wrap gap-cluster">
        <Button variant="secondary" icon={Download} isPending={exporting === 'json'} onPress={() => void download('json')}>
          {exporting === 'json' ? 'Exporting JSON…' : 'Export JSON'}
        </Button>
        <Button variant="secondary" icon={Download} isPending={exporting === 'csv'} onPress={() => void download('csv')}>
          {exporting === 'csv' ? (
            <>
              Exporting <Abbr term="CSV" />…
            </>
          ) : (
            <>
              Export <Abbr term="CSV" />
            </>
          )}
        </Button>
        <EraseDialog contactId={contact.id} name={name} onErased={onErased} />
      </div>
      <FormMessage message={error} />
    </section>
  );
}
