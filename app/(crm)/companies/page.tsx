import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CompanyListScreen } from '@/components/companies/company-list-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Companies' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function CompaniesPage() {
  return (
    <Suspense fallback={<RecordLoading title="Companies" list />}>
      <CompanyListScreen />
    </Suspense>
  );
}
