import type { Metadata } from 'next';
import { CreateOrganizationForm } from '@/components/auth/create-organization-form';

export const metadata: Metadata = { title: 'Create an organization' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function CreateOrganizationPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Create an organization</h1>
      <p>You become its owner. Owners use two-factor authentication: you will set it up right after.</p>
      <CreateOrganizationForm />
    </>
  );
}
