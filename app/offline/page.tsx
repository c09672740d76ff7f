import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Needs a connection' };

/** Shown by the service worker for online-only pages (admin, audit, health) when offline. */
export default function OfflinePage() {
  return (
    <main id="main" className="mx-auto max-w-prose px-3 py-8">
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Today' },
          { href: '/offline', label: 'Needs a connection' },
        ]}
      />
      <h1 className="text-2xl font-bold">This page needs a connection</h1>
      <p className="mt-2">
        You are offline. Administration, the audit log and health pages read live data from the server, so they open when
        you are back online.
      </p>
      <p className="mt-2">Your contacts, companies, deals and activities work offline, and your changes sync when the network returns.</p>
      <p className="mt-4">
        <Link href="/today" className="inline-flex min-h-target items-center font-semibold text-link underline">
          Go to Today
        </Link>
      </p>
    </main>
  );
}
