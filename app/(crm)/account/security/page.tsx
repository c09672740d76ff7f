import type { Metadata } from 'next';
import { SecuritySettings } from '@/components/auth/security-settings';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { remainingRecoveryCodes } from '@/lib/auth/totp-enrollment';

export const metadata: Metadata = { title: 'Security' };
export const dynamic = 'force-dynamic';

export default async function SecurityPage() {
  const { auth } = await requirePageSession('/account/security');
  const remaining = auth.totpEnrolled ? await remainingRecoveryCodes(auth.user.id) : 0;
  return (
    <>
      <PageHeader
        title="Security"
        description="Your password, two-factor authentication and signed-in devices."
        trail={[
          { href: '/today', label: 'Home' },
          { href: '/account/security', label: 'Security' },
        ]}
      />
      <SecuritySettings enrolled={auth.totpEnrolled} required={auth.mfaRequired} remainingCodes={remaining} />
    </>
  );
}
