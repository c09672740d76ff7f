// Where a form that needs JavaScript posts when it is submitted anyway (before the page was
// interactive, or with JavaScript off): see components/auth/secret-form.tsx. The explanation is
// the page app/(auth)/needs-javascript, in the app's frame like every other page (and audited
// with them); this route only turns the POST into a GET of it.

/**
 * Security: the body (a password, code or token) is never read, logged or echoed: the stream is
 * cancelled at once. The link back is the Referer's path on this site, never a foreign URL
 * (the page checks it again).
 */
export async function POST(req: Request): Promise<Response> {
  await req.body?.cancel().catch(() => undefined);
  let back = '/sign-in';
  try {
    // Only the path is used, as a link on this site (behind a proxy the request's own origin
    // may differ from the browser's); `//host` would leave the site, so it is refused.
    const { pathname } = new URL(req.headers.get('referer') ?? '');
    if (/^\/(?![/\\])/.test(pathname)) back = pathname;
  } catch {
    // No or malformed Referer: back to sign-in.
  }
  // 303: the browser follows with a GET, so a reload never posts the form again. A relative
  // Location is right behind any proxy, whatever Host the app sees.
  return new Response(null, { status: 303, headers: { location: `/needs-javascript?back=${encodeURIComponent(back)}`, 'cache-control': 'no-store' } });
}
