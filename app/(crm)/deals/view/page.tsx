import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DealDetailScreen } from '@/components/deals/deal-detail-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Deal' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function DealPage() {
  return (
    <Suspense fallback={<RecordLoading title="Deal" />}>
      <DealDetailScreen />
    </Suspense>
  );
}
