import type { Metadata } from 'next';
import Link from 'next/link';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';

export const metadata: Metadata = { title: 'Page not found' };

const linkClass = 'inline-flex min-h-target min-w-target items-center font-semibold text-link underline';

/** Any address the app does not have (answered with status 404): say so, and offer the way back. */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-prose px-3 py-8">
      <Breadcrumbs
        items={[
          { href: '/today', label: 'Today' },
          { href: '/not-found', label: 'Page not found' },
        ]}
      />
      <h1 className="text-2xl font-bold">There is no page at this address</h1>
      <p className="mt-2">The link may be mistyped or out of date, or the page may have moved. Nothing you saved is affected.</p>
      <ul className="mt-4 flex flex-wrap gap-4">
        <li>
          <Link href="/today" className={linkClass}>
            Go to Today
          </Link>
        </li>
        <li>
          <Link href="/contacts" className={linkClass}>
            Contacts
          </Link>
        </li>
        <li>
          <Link href="/deals" className={linkClass}>
            Deals
          </Link>
        </li>
      </ul>
    </main>
  );
}
