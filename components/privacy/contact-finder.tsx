'use client';

import { SearchX } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { card } from '@/components/ui/styles';
import { TextField } from '@/components/ui/text-field';
import { sentence } from '@/components/developers/form-problems';
import { contactSearchQuery, MAX_FOUND_CONTACTS } from '@/lib/privacy/privacy-schemas';
import { findContacts, type PrivacyContact } from './api';
import { contactName } from './labels';
import { problemText } from './problem-text';

type Found = { query: string; contacts: PrivacyContact[] };

/** What a search found, in words, for the polite status line. */
function foundText(query: string, count: number, answered: number): string {
  if (count === 0) return `No contact matches “${query}”.`;
  const more = answered >= MAX_FOUND_CONTACTS ? ' (the most one search lists: type more of the name to narrow it down)' : '';
  return `${count} ${count === 1 ? 'contact matches' : 'contacts match'} “${query}”${more}.`;
}

export interface ContactFinderProps {
  /** The contact whose data the page acts on now, if any. */
  chosenId: string | null;
  onChoose: (contact: PrivacyContact) => void;
  /** Ids erased since the search ran: they are no longer in the organization. */
  erasedIds: ReadonlySet<string>;
}

/**
 * Finds the person a request is about: a search by name or email on the server (live contacts
 * only, at most 20), each match with its email and company so two people of the same name can
 * be told apart, and a Choose button. What the search found is announced politely.
 */
export function ContactFinder({ chosenId, onChoose, erasedIds }: ContactFinderProps) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string>();
  const [searching, setSearching] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  async function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    // The route's own schema, run here first: an empty or too long search never leaves the page.
    const parsed = contactSearchQuery.safeParse({ q: query });
    if (!parsed.success) {
      setError(sentence(parsed.error.issues[0]?.message ?? 'type part of a name or email address'));
      return;
    }
    const { q } = parsed.data;
    setError(undefined);
    setSearching(true);
    try {
      setFound({ query: q, contacts: await findContacts(q) });
    } catch (err) {
      // Beside the field that sent it: a too-long search, a lost connection.
      setError(problemText(err));
    } finally {
      setSearching(false);
    }
  }

  const shown = found ? found.contacts.filter((c) => !erasedIds.has(c.id)) : [];
  return (
    <section aria-labelledby="find-contact-heading" className="flex flex-col gap-stack">
      <h2 id="find-contact-heading" className="text-title-sm">
        Find the person
      </h2>
      <Form ref={form} onSubmit={search} validationBehavior="aria" role="search" aria-labelledby="find-contact-heading" className="flex flex-col gap-2">
        <TextField
          label="Name or email"
          type="search"
          value={query}
          onChange={(v) => {
            setQuery(v);
            if (error) setError(undefined);
          }}
          autoComplete="off"
          spellCheck="false"
          description="Part of a first name, last name or email address. Deleted contacts are found too (their history still holds their data); erased ones are not."
          errorMessage={error}
          isInvalid={Boolean(error)}
          className="max-w-xl"
        />
        {/* Below the field, not beside it: its help and error would push a button beside it out of line. */}
        <div>
          <Button type="submit" variant="primary" isPending={searching}>
            {searching ? 'Searching…' : 'Search'}
          </Button>
        </div>
      </Form>
      <p role="status" className="font-semibold">
        {found ? foundText(found.query, shown.length, found.contacts.length) : ''}
      </p>
      {found && shown.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title="Nobody found"
          action={
            <Button
              variant="secondary"
              onPress={() => {
                setFound(null);
                setQuery('');
                // The button goes with the result: the search is where the next try starts.
                focusAfterRender(() => form.current?.querySelector('input'));
              }}
            >
              Clear the search
            </Button>
          }
        >
          Check the spelling, or search for part of the name or the email address.
        </EmptyState>
      ) : null}
      {shown.length > 0 ? (
        <ul aria-label="Contacts found" className="flex flex-col gap-2">
          {shown.map((c) => {
            const name = contactName(c);
            const chosen = c.id === chosenId;
            return (
              <li key={c.id} data-found-contact={c.id} className={`${card} flex flex-wrap items-center justify-between gap-2 p-3 ${chosen ? 'ring-2 ring-primary' : ''}`}>
                <div className="min-w-0">
                  <p className="font-semibold break-words">
                    {name}
                    {c.deleted ? <span className="font-normal"> (deleted)</span> : null}
                  </p>
                  <p className="text-body-sm break-all text-muted">{c.email ?? 'No email'}</p>
                  <p className="text-body-sm break-words text-muted">{c.companyName ?? 'No company'}</p>
                </div>
                {chosen ? (
                  <strong>Chosen</strong>
                ) : (
                  <Button variant="secondary" onPress={() => onChoose(c)}>
                    Choose<span className="sr-only"> {name}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
