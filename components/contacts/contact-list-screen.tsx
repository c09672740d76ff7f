'use client';

import { Users } from 'lucide-react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { NewActionLink } from '@/components/ui/new-action';
import { RowLink } from '@/components/records/row-link';
import { RecordList, type FilterChoice, type SortChoice } from '@/components/records/record-list';
import { contactName, recordHref } from '@/components/records/record-names';
import type { Contact } from '@/components/records/record-types';
import { compareText, searchTextOf } from '@/components/records/search';
import { useRecords } from '@/components/records/use-records';

export interface ContactRow extends Contact {
  name: string;
  companyName: string | null;
  searchText: string;
}

/** Contacts with their company's name and the text search looks in (name, email, phone, company). */
export function toContactRows(contacts: readonly Contact[], companyNames: ReadonlyMap<string, string>): ContactRow[] {
  return contacts.map((c) => {
    const companyName = c.companyId ? (companyNames.get(c.companyId) ?? null) : null;
    const name = contactName(c);
    return { ...c, name, companyName, searchText: searchTextOf([name, c.email, c.phone, companyName, c.title]) };
  });
}

const byName = (a: ContactRow, b: ContactRow) => compareText(a.name, b.name);
const SORTS: readonly SortChoice<ContactRow>[] = [
  { id: 'name', label: 'Name, A to Z', compare: byName },
  { id: 'name-desc', label: 'Name, Z to A', compare: (a, b) => byName(b, a) },
  { id: 'company', label: 'Company', compare: (a, b) => compareText(a.companyName ?? '\uffff', b.companyName ?? '\uffff') || byName(a, b) },
  { id: 'recent', label: 'Recently changed', compare: (a, b) => b.updatedAt.localeCompare(a.updatedAt) },
];
const FILTERS: readonly FilterChoice<ContactRow>[] = [
  { id: 'all', label: 'All contacts', keep: () => true },
  { id: 'phone', label: 'With a phone number', keep: (c) => Boolean(c.phone) },
  { id: 'email', label: 'With an email address', keep: (c) => Boolean(c.email) },
  { id: 'no-company', label: 'Without a company', keep: (c) => !c.companyId },
];

/** 52 px: initials and two lines of text in a full-width link, above the 44 px target. */
const ROW_HEIGHT = 52;

export function ContactListScreen() {
  const router = useRouter();
  const params = useSearchParams();
  const contacts = useRecords('contacts');
  const companies = useRecords('companies');
  const rows = useMemo(() => {
    if (!contacts || !companies) return undefined;
    return toContactRows(contacts, new Map(companies.map((c) => [c.id, c.name])));
  }, [contacts, companies]);

  // The home-screen shortcut "New contact" opens /contacts?new=1.
  useEffect(() => {
    if (params.get('new') === '1') router.replace(recordHref.editContact(null));
  }, [params, router]);

  return (
    <>
      <PageHeader
        title="Contacts"
        compactOnPhone
        description="People you sell to, on this device."
        actions={
          // Import and export is in the navigation (More on a phone).
          <NewActionLink href={recordHref.editContact(null)}>New contact</NewActionLink>
        }
      />
      <RecordList
        items={rows}
        noun={{ one: 'contact', many: 'contacts' }}
        searchDescription="Name, email, phone or company."
        sorts={SORTS}
        filters={FILTERS}
        rowHeight={ROW_HEIGHT}
        emptyState={
          <EmptyState
            icon={Users}
            title="No contacts on this device yet."
            action={<Link href="/import-export">Import a <Abbr term="CSV" /> file</Link>}
          >
            Add one with “New contact”, or import a <Abbr term="CSV" expand /> file. Contacts your colleagues share with you arrive with the next sync.
          </EmptyState>
        }
        online={{
          collection: 'contacts',
          href: recordHref.contact,
          describe: (d) => ({ title: contactName(d as unknown as Contact), detail: [d.title, d.email].filter(Boolean).join(' · ') || null }),
        }}
        renderRow={(c, row) => (
          <RowLink tabIndex={row.tabIndex} href={recordHref.contact(c.id)} title={c.name} avatar detail={[c.title, c.companyName].filter(Boolean).join(' · ') || 'No title or company'} />
        )}
      />
    </>
  );
}
