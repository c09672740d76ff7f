import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DealBoardScreen } from '@/components/deals/deal-board-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Deals' };

// A static shell reading its data (and ?id=) in the browser, cached for offline use.
export default function DealsPage() {
  return (
    <Suspense fallback={<RecordLoading title="Deals" list />}>
      <DealBoardScreen />
    </Suspense>
  );
}
