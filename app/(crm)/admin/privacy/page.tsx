import type { Metadata } from 'next';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PrivacyRequestsScreen } from '@/components/privacy/privacy-requests-screen';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';

export const metadata: Metadata = { title: 'Privacy requests' };
// Online only and per request: live personal data, and a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default async function PrivacyRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { allowed } = await requirePageSession('/admin/privacy', 'privacy:manage');
  if (!allowed) return <NotAllowed title="Privacy requests" />;
  // A contact's page links here with ?contact=<id>: that person is chosen once found.
  const { contact } = await searchParams;
  return (
    <>
      <PageHeader title="Privacy requests" description="When a person asks for a copy of their data or for it to be erased: find them, export everything held about them, or erase it." />
      <PrivacyRequestsScreen linkedContactId={typeof contact === 'string' ? contact : undefined} />
    </>
  );
}
