import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from './_components/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  return (
    <>
      <h1 className="text-2xl font-bold">Sign in</h1>
      {/* Read here, not in the browser, so the form's answer shows without JavaScript too. */}
      <SignInForm error={first(query.error)} next={first(query.next)} />
      <p>
        <Link href="/reset-password" className="inline-flex min-h-target items-center text-link underline">
          Forgot your password?
        </Link>
      </p>
      <p>
        New here?{' '}
        <Link href="/create-organization" className="inline-flex min-h-target items-center text-link underline">
          Create an organization
        </Link>
      </p>
    </>
  );
}
