// Where a form that needs JavaScript posts when it is submitted anyway (before the page was
// interactive, or with JavaScript off): see components/auth/secret-form.tsx.

const page = (back: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>This form needs JavaScript – CRM-AI</title></head>
<body><main><h1>This form needs JavaScript</h1>
<p>Nothing you entered was used or kept. Wait until the page has finished loading (or turn JavaScript on for this site), then try again.</p>
<p><a href="${back}">Back to the form</a></p></main></body></html>`;

/**
 * Security: the body (a password, code or token) is never read, logged or echoed: the stream is
 * cancelled at once. The link back is the Referer's path on this site, never a foreign URL.
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
  // The path is our own; escape it anyway, it goes into HTML.
  const safe = back.replace(/[^A-Za-z0-9/_.~%-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  return new Response(page(safe), { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
