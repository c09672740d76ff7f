import type { Metadata } from 'next';
import { Suspense } from 'react';
import { CompanyFormScreen } from '@/components/companies/company-form-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Edit company' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function EditCompanyPage() {
  return (
    <Suspense fallback={<RecordLoading title="Edit company" />}>
      <CompanyFormScreen />
    </Suspense>
  );
}
