import type { Metadata } from 'next';
import { RequestOrganizationForm } from '@/components/auth/create-organization-form';
import { usesDevOutbox } from '@/lib/mail/mailer';

export const metadata: Metadata = { title: 'Create an organization' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function CreateOrganizationPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Create an organization</h1>
      <p>Enter your email address: we send you a link to name the organization. You become its owner; owners use two-factor authentication, which you set up right after.</p>
      <RequestOrganizationForm devOutbox={usesDevOutbox()} />
    </>
  );
}
