import type { Metadata } from 'next';
import { MembersAdmin } from '@/components/admin/members-admin';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { requirePageSession } from '@/lib/auth/page-session';
import { listMembers } from '@/lib/tenancy/members';

export const metadata: Metadata = { title: 'Members' };
export const dynamic = 'force-dynamic';

export default async function MembersPage() {
  const { ctx, allowed, auth } = await requirePageSession('/admin/users', 'members:manage');
  if (!allowed) return <NotAllowed title="Members" />;
  const members = await listMembers(ctx);
  return (
    <>
      <PageHeader title="Members" description={`People in ${auth.tenant.tenantName}, their roles, teams, territories and two-factor status.`} />
      <MembersAdmin members={members} me={{ userId: ctx.userId, role: ctx.role }} />
    </>
  );
}
