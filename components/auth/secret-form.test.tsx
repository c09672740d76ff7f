import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AcceptInviteForm } from './accept-invite-form';
import { CodeForm } from './code-form';
import { CompleteSignupForm } from './complete-signup-form';
import { RequestOrganizationForm } from './create-organization-form';
import { ChoosePasswordForm, RequestPasswordResetForm } from './password-reset-forms';
import { NEEDS_JAVASCRIPT_ACTION } from './secret-form';
import { SecuritySettings } from './security-settings';

// Issue 13, item 12: a form without method submits as GET to its own URL, so a password typed
// before hydration (slow phone, JavaScript off) went into the address bar. What the server HTML
// (before any JavaScript runs) must look like for every form that carries a secret.

/** The opening tag of each <form> in server-rendered HTML. */
const formTags = (html: string) => [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
const submitButtons = (html: string) => [...html.matchAll(/<button\b[^>]*type="submit"[^>]*>/g)].map((m) => m[0]);

describe('secret forms in the server HTML', () => {
  it('forms that need JavaScript post to the explanation page and cannot be submitted before hydration', () => {
    const rendered = {
      code: renderToString(<CodeForm endpoint="/api/auth/second-factor" submitLabel="Continue" acceptsRecovery />),
      signup: renderToString(<CompleteSignupForm token={'a'.repeat(43)} newAccount />),
      request: renderToString(<RequestOrganizationForm devOutbox={false} />),
      resetRequest: renderToString(<RequestPasswordResetForm devOutbox={false} />),
      resetChoose: renderToString(<ChoosePasswordForm token={'a'.repeat(43)} email="a@b.example" />),
      invite: renderToString(<AcceptInviteForm token={'a'.repeat(43)} existingUser={false} email="a@b.example" />),
      security: renderToString(<SecuritySettings enrolled required={false} remainingCodes={3} />),
    };
    for (const [name, html] of Object.entries(rendered)) {
      const forms = formTags(html);
      expect(forms.length, name).toBeGreaterThan(0);
      for (const tag of forms) {
        expect(tag, name).toContain('method="post"');
        expect(tag, name).toContain(`action="${NEEDS_JAVASCRIPT_ACTION}"`);
      }
      for (const button of submitButtons(html)) expect(button, name).toMatch(/disabled=""/);
      expect(html, name).toContain('<noscript>');
    }
  });
});

describe('secret forms in the sources', () => {
  const ROOT = process.cwd();
  const files = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx') ? [path.join(dir, e.name)] : [],
    );
  const SECRET_FIELD = /type="password"|autoComplete="(one-time-code|current-password|new-password)"/;

  it('every file with a password or code field submits through SecretForm, never a hand-written <form>', () => {
    const offenders = [...files('app'), ...files('components')].filter((file) => {
      if (file.endsWith(path.join('auth', 'secret-form.tsx'))) return false;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      if (!SECRET_FIELD.test(text) && !text.includes('<CodeForm')) return false;
      // A raw form repeats SecretForm's method, action and no-JavaScript note by hand, and drifts.
      return /<form\b/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
