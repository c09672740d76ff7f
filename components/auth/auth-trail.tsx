'use client';

import { usePathname } from 'next/navigation';
import { Breadcrumbs, type Crumb } from '../ui/breadcrumbs';

const SIGN_IN: Crumb = { href: '/sign-in', label: 'Sign in' };

/** The step of the signed-out flow the visitor is on, by path prefix. */
const STEPS: readonly { prefix: string; label: string }[] = [
  { prefix: '/sign-in/verify', label: 'Two-factor code' },
  { prefix: '/enroll', label: 'Set up two-factor' },
  { prefix: '/create-organization', label: 'Create an organization' },
  { prefix: '/reset-password', label: 'Reset your password' },
  { prefix: '/invite/', label: 'Invitation' },
  { prefix: '/dev/mail', label: 'Development mail' },
  { prefix: '/needs-javascript', label: 'JavaScript needed' },
];

/** Where the visitor is in the sign-in flow (WCAG 2.4.8): "Sign in / <this step>". */
export function AuthTrail() {
  const pathname = usePathname();
  const step = STEPS.find((s) => pathname.startsWith(s.prefix));
  return <Breadcrumbs items={step ? [SIGN_IN, { href: pathname, label: step.label }] : [SIGN_IN]} />;
}
