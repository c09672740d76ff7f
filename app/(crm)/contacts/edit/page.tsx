import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ContactFormScreen } from '@/components/contacts/contact-form-screen';
import { RecordLoading } from '@/components/records/record-states';

export const metadata: Metadata = { title: 'Edit contact' };

// New contact without ?id=, edit with it; a static shell cached for offline use.
export default function EditContactPage() {
  return (
    <Suspense fallback={<RecordLoading title="Contact form" />}>
      <ContactFormScreen />
    </Suspense>
  );
}
