import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { RequestPasswordResetForm } from '@/components/auth/password-reset-forms';
import { devOutboxOpenTo } from '@/lib/mail/dev-outbox-access';

export const metadata: Metadata = { title: 'Reset your password' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default async function ResetPasswordPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Reset your password</h1>
      <p>Enter the email address you sign in with: we send you a link to choose a new password.</p>
      {/* The /dev/mail hint only where that page answers this visitor. */}
      <RequestPasswordResetForm devOutbox={devOutboxOpenTo(await headers())} />
    </>
  );
}
