import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function SignInPage() {
  return (
    <>
      <h1 className="text-2xl font-bold">Sign in</h1>
      <SignInForm />
      <p>
        New here?{' '}
        <Link href="/create-organization" className="inline-flex min-h-target items-center text-link underline">
          Create an organization
        </Link>
      </p>
    </>
  );
}
