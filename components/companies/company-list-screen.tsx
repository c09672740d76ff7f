'use client';

import { useMemo } from 'react';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { Link } from '@/components/ui/link';
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
          <Link href={recordHref.editCompany(null)}>New company</Link>
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
          <p>
            No companies yet. Add one with “New company”, or import a <Abbr term="CSV" expand /> file.
          </p>
        }
        online={{ collection: 'companies', href: recordHref.company, describe: (d) => ({ title: String(d.name), detail: [d.industry, d.city, d.country].filter(Boolean).join(' · ') || null }) }}
        renderRow={(c, row) => <RowLink tabIndex={row.tabIndex} href={recordHref.company(c.id)} title={c.name} avatar detail={[c.industry, c.city, c.country].filter(Boolean).join(' · ') || 'No details yet'} />}
      />
    </>
  );
}
