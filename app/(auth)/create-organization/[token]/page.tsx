import type { Metadata } from 'next';
import Link from 'next/link';
import { CompleteSignupForm } from '@/components/auth/complete-signup-form';
import { optionalPageUser } from '@/lib/auth/page-session';
import { previewSignup } from '@/lib/tenancy/create-organization';

export const metadata: Metadata = { title: 'Create an organization' };
export const dynamic = 'force-dynamic';

const linkClass = 'inline-flex min-h-target items-center text-link underline';

/** The mailed sign-up link: finishes a new organization (lib/tenancy/create-organization.ts). */
export default async function CompleteSignupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const signup = await previewSignup(token);
  if (!signup) {
    return (
      <>
        <h1 className="text-2xl font-bold">This link is not valid</h1>
        <p>It was already used, has expired or was never issued.</p>
        <Link href="/create-organization" className={linkClass}>
          Ask for a new link
        </Link>
      </>
    );
  }
  if (!signup.existingUser) {
    return (
      <>
        <h1 className="text-2xl font-bold">Create an organization</h1>
        <p>
          For <strong>{signup.email}</strong>. You become its owner and set up two-factor authentication right after.
        </p>
        <CompleteSignupForm token={token} newAccount />
      </>
    );
  }
  // Security: an existing account adds an organization only while signed in as itself.
  const user = await optionalPageUser();
  const here = `/create-organization/${token}`;
  return (
    <>
      <h1 className="text-2xl font-bold">Add an organization to your account</h1>
      {user?.email === signup.email ? (
        <>
          <p>
            You become the owner of the new organization, with your account <strong>{signup.email}</strong>.
          </p>
          <CompleteSignupForm token={token} newAccount={false} />
        </>
      ) : (
        <>
          <p>
            <strong>{signup.email}</strong> already has an account.{' '}
            {user ? `You are signed in as ${user.email}: sign out, then sign in as ${signup.email} and open this link again.` : `Sign in as ${signup.email} to add the organization to it.`}
          </p>
          {user ? null : (
            <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className={linkClass}>
              Sign in as {signup.email}
            </Link>
          )}
        </>
      )}
    </>
  );
}
