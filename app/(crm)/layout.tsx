import type { ReactNode } from 'react';
import { AccountMenu } from '@/components/auth/account-menu';
import { ServiceWorkerUpdates } from '@/components/pwa/service-worker-updates';
import { AppShell } from '@/components/shell/app-shell';

export default function CrmLayout({ children }: { children: ReactNode }) {
  // The service worker is registered from the signed-in shell only: precaching the CRM shells
  // while signed out would fetch the sign-in page in their place.
  return (
    <>
      <AppShell accountSlot={<AccountMenu />}>{children}</AppShell>
      <ServiceWorkerUpdates />
    </>
  );
}
