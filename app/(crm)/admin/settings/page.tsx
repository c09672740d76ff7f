import type { Metadata } from 'next';
import { IpAllowlistForm } from '@/components/admin/ip-allowlist-form';
import { MfaPolicyForm } from '@/components/admin/mfa-policy-form';
import { RetentionPolicyForm } from '@/components/admin/retention-policy-form';
import { SyncScopeForm } from '@/components/admin/sync-scope-form';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { getRetentionSettings } from '@/lib/retention/retention-settings';
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
  const retention = await getRetentionSettings(ctx);
  return (
    <>
      <PageHeader title="Settings" description="Organization settings." />
      <div className="flex flex-col gap-10">
        <MfaPolicyForm initial={policy.mfaRequiredRoles} />
        <IpAllowlistForm initial={security.ipAllowlist} yourIp={security.yourIp} />
        {/* Holds the audit log's days too, so the older audit retention form is no longer shown. */}
        <RetentionPolicyForm initial={retention} />
        <SyncScopeForm initial={scope} />
      </div>
    </>
  );
}
