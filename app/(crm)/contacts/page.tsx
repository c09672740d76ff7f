import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ContactListScreen } from '@/components/contacts/contact-list-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Contacts' };

export default function ContactsPage() {
  return (
    <Suspense fallback={<RecordLoading title="Contacts" list />}>
      <ContactListScreen />
    </Suspense>
  );
}
