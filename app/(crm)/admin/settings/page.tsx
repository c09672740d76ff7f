import type { Metadata } from 'next';
import { AuditRetentionForm } from '@/components/admin/audit-retention-form';
import { IpAllowlistForm } from '@/components/admin/ip-allowlist-form';
import { MfaPolicyForm } from '@/components/admin/mfa-policy-form';
import { SyncScopeForm } from '@/components/admin/sync-scope-form';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { getSecuritySettings } from '@/lib/tenancy/security-settings-service';
import { getSyncScope } from '@/lib/tenancy/sync-scope-service';
import { getMfaPolicy } from '@/lib/tenancy/tenant-settings';

export const metadata: Metadata = { title: 'Settings' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const { ctx, allowed } = await requirePageSession('/admin/settings', 'settings:manage');
  if (!allowed) return <NotAllowed title="Settings" />;
  const policy = await getMfaPolicy(ctx);
  const security = await getSecuritySettings(ctx);
  const scope = await getSyncScope(ctx);
  return (
    <>
      <PageHeader title="Settings" description="Organization settings." />
      <div className="flex flex-col gap-10">
        <MfaPolicyForm initial={policy.mfaRequiredRoles} />
        <IpAllowlistForm initial={security.ipAllowlist} yourIp={security.yourIp} />
        <AuditRetentionForm initial={security.auditRetentionDays} />
        <SyncScopeForm initial={scope} />
      </div>
    </>
  );
}
