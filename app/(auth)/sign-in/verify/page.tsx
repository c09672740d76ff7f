import type { Metadata } from 'next';
import { CodeForm } from '@/components/auth/code-form';

export const metadata: Metadata = { title: 'Two-factor code' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function VerifyPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Enter your two-factor code</h1>
      <p>Open your authenticator app and enter the 6-digit code for CRM-AI. Lost your phone? Enter one of your recovery codes instead.</p>
      <CodeForm endpoint="/api/auth/second-factor" submitLabel="Continue" acceptsRecovery />
    </>
  );
}
