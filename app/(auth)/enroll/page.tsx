import type { Metadata } from 'next';
import { Enrollment } from '@/components/auth/enrollment';

export const metadata: Metadata = { title: 'Set up two-factor authentication' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function EnrollPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Set up two-factor authentication</h1>
      <Enrollment />
    </>
  );
}
