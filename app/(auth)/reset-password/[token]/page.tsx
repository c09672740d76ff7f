import type { Metadata } from 'next';
import Link from 'next/link';
import { ChoosePasswordForm } from '@/components/auth/password-reset-forms';
import { previewPasswordReset } from '@/lib/auth/password-reset';

export const metadata: Metadata = { title: 'Choose a new password' };
export const dynamic = 'force-dynamic';

/** The mailed password reset link (lib/auth/password-reset.ts). */
export default async function ChoosePasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const reset = await previewPasswordReset(token);
  if (!reset) {
    return (
      <>
        <h1 className="text-2xl font-bold">This link is not valid</h1>
        <p>It was already used, has expired (links work for one hour) or was never issued.</p>
        <Link href="/reset-password" className="inline-flex min-h-target items-center text-link underline">
          Ask for a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-bold">Choose a new password</h1>
      <p>
        For <strong>{reset.email}</strong>. Saving it signs the account out on every device. If you use two-factor authentication, you still need your code to sign in.
      </p>
      <ChoosePasswordForm token={token} email={reset.email} />
    </>
  );
}
