import type { Metadata } from 'next';
import Link from 'next/link';
import { safeNextPath } from '@/lib/auth/safe-next-path';

export const metadata: Metadata = { title: 'This form needs JavaScript' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

const linkClass = 'inline-flex min-h-target items-center text-link underline';

/**
 * Where a form that needs JavaScript lands when it was submitted anyway (before the page was
 * interactive, or with JavaScript off): app/api/forms/needs-javascript sends people here
 * without reading what they typed. `back` is the form's path; only a path on this site is used.
 */
export default async function NeedsJavascriptPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).back;
  const given = Array.isArray(raw) ? raw[0] : raw;
  // Security: safeNextPath refuses `//host` and the like, so the link never leaves the site.
  const back = given && safeNextPath(given) === given ? given : '/sign-in';
  return (
    <>
      <h1 className="text-2xl font-bold">This form needs JavaScript</h1>
      <p>Nothing you entered was used or kept. Wait until the page has finished loading (or turn JavaScript on for this site), then try again.</p>
      <Link href={back} className={linkClass}>
        Back to the form
      </Link>
    </>
  );
}
