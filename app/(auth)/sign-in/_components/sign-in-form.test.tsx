import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SignInForm } from './sign-in-form';

// Issue 13, item 12: before hydration (slow phone, JavaScript off) the sign-in form used to
// submit as GET to /sign-in?email=…&password=…. The server HTML must POST to a route that
// signs in without JavaScript (app/api/auth/sign-in), and show its refusals.
const formTags = (html: string) => [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);

describe('sign-in form in the server HTML', () => {
  it('posts to a route that works without JavaScript, and is submittable at once', () => {
    const html = renderToString(<SignInForm next="/deals" />);
    expect(formTags(html)).toEqual([expect.stringMatching(/method="post"/)]);
    expect(formTags(html)[0]).toContain('action="/api/auth/sign-in"');
    expect(html).toContain('name="next" value="/deals"');
    expect(/<button\b[^>]*type="submit"[^>]*>/.exec(html)?.[0]).not.toContain('disabled');
  });

  it('shows a refusal sent back to the sign-in page without JavaScript', () => {
    expect(renderToString(<SignInForm error="credentials" />)).toContain('That email and password do not match an active account.');
    expect(renderToString(<SignInForm error="locked" />)).toContain('Too many failed attempts');
  });
});
