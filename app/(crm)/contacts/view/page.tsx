import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ContactDetailScreen } from '@/components/contacts/contact-detail-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Contact' };

// A static shell: the id comes from ?id= in the browser, so the service worker's one cached
// copy opens every contact offline.
export default function ContactPage() {
  return (
    <Suspense fallback={<RecordLoading title="Contact" />}>
      <ContactDetailScreen />
    </Suspense>
  );
}
