import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CompanyDetailScreen } from '@/components/companies/company-detail-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Company' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function CompanyPage() {
  return (
    <Suspense fallback={<RecordLoading title="Company" />}>
      <CompanyDetailScreen />
    </Suspense>
  );
}
