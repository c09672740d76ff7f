'use client';

import { MailedLinkRequestForm } from './mailed-link-request-form';

export const PASSWORD_HINT = 'At least 8 characters; 15 or more is better. A phrase of several words works well. Very common passwords are refused.';

/**
 * Step 1 of a new organization: the email address only. The server answers the same for every
 * address and mails a link (lib/tenancy/create-organization.ts), so this form never learns
 * whether the address has an account. `devOutbox`: mail stays on this server (/dev/mail).
 */
export function RequestOrganizationForm({ devOutbox }: { devOutbox: boolean }) {
  return (
    <MailedLinkRequestForm
      endpoint="/api/organizations"
      hint="We send a link to this address to continue."
      submitLabel="Email me a link"
      devOutbox={devOutbox}
      sent={(to) => (
        <>
          <p className="font-semibold">Check your email: we sent a link to {to}. It works once, for 24 hours.</p>
          <p>Open it on this device to name your organization. If the address already has an account, the mail tells you how to add the organization to it.</p>
        </>
      )}
    />
  );
}
