import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ConflictsScreen } from '@/components/conflicts/conflicts-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Conflicts' };

export default function ConflictsPage() {
  return (
    <Suspense fallback={<RecordLoading title="Conflicts" list />}>
      <ConflictsScreen />
    </Suspense>
  );
}
