import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { RequestOrganizationForm } from '@/components/auth/create-organization-form';
import { devOutboxOpenTo } from '@/lib/mail/dev-outbox-access';

export const metadata: Metadata = { title: 'Create an organization' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default async function CreateOrganizationPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Create an organization</h1>
      <p>Enter your email address: we send you a link to name the organization. You become its owner; owners use two-factor authentication, which you set up right after.</p>
      {/* The /dev/mail hint only where that page answers this visitor. */}
      <RequestOrganizationForm devOutbox={devOutboxOpenTo(await headers())} />
    </>
  );
}
