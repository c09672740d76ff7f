import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DealFormScreen } from '@/components/deals/deal-form-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Edit deal' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function EditDealPage() {
  return (
    <Suspense fallback={<RecordLoading title="Edit deal" />}>
      <DealFormScreen />
    </Suspense>
  );
}
