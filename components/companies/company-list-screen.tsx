'use client';

import { Building2 } from 'lucide-react';
import { useMemo } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { NewActionLink } from '@/components/ui/new-action';
import { RecordList, type FilterChoice, type SortChoice } from '@/components/records/record-list';
import { recordHref } from '@/components/records/record-names';
import type { Company } from '@/components/records/record-types';
import { RowLink } from '@/components/records/row-link';
import { compareText, searchTextOf } from '@/components/records/search';
import { useRecords } from '@/components/records/use-records';

export interface CompanyRow extends Company {
  searchText: string;
}

export function toCompanyRows(companies: readonly Company[]): CompanyRow[] {
  return companies.map((c) => ({ ...c, searchText: searchTextOf([c.name, c.domain, c.phone, c.city, c.country, c.industry]) }));
}

const byName = (a: CompanyRow, b: CompanyRow) => compareText(a.name, b.name);
const SORTS: readonly SortChoice<CompanyRow>[] = [
  { id: 'name', label: 'Name, A to Z', compare: byName },
  { id: 'name-desc', label: 'Name, Z to A', compare: (a, b) => byName(b, a) },
  { id: 'city', label: 'City', compare: (a, b) => compareText(a.city ?? '\uffff', b.city ?? '\uffff') || byName(a, b) },
  { id: 'recent', label: 'Recently changed', compare: (a, b) => b.updatedAt.localeCompare(a.updatedAt) },
];
const FILTERS: readonly FilterChoice<CompanyRow>[] = [
  { id: 'all', label: 'All companies', keep: () => true },
  { id: 'phone', label: 'With a phone number', keep: (c) => Boolean(c.phone) },
];

export function CompanyListScreen() {
  const companies = useRecords('companies');
  const rows = useMemo(() => (companies ? toCompanyRows(companies) : undefined), [companies]);
  return (
    <>
      <PageHeader
        title="Companies"
        compactOnPhone
        description="Organisations you sell to, on this device."
        actions={
          // Import and export is in the navigation (More on a phone).
          <NewActionLink href={recordHref.editCompany(null)}>New company</NewActionLink>
        }
      />
      <RecordList
        items={rows}
        noun={{ one: 'company', many: 'companies' }}
        searchDescription="Name, website, phone, city or industry."
        sorts={SORTS}
        filters={FILTERS}
        rowHeight={52}
        emptyState={
          <EmptyState
            icon={Building2}
            title="No companies on this device yet."
            action={<Link href="/import-export">Import a <Abbr term="CSV" /> file</Link>}
          >
            Add one with “New company”, or import a <Abbr term="CSV" expand /> file. Companies your colleagues share with you arrive with the next sync.
          </EmptyState>
        }
        online={{ collection: 'companies', href: recordHref.company, describe: (d) => ({ title: String(d.name), detail: [d.industry, d.city, d.country].filter(Boolean).join(' · ') || null }) }}
        renderRow={(c, row) => <RowLink tabIndex={row.tabIndex} href={recordHref.company(c.id)} title={c.name} avatar detail={[c.industry, c.city, c.country].filter(Boolean).join(' · ') || 'No details yet'} />}
      />
    </>
  );
}
