import type { Metadata } from 'next';
import { NotAllowed } from '@/components/auth/not-allowed';
import { DeveloperPortal } from '@/components/developers/developer-portal';
import { portalTabOf } from '@/components/developers/portal-tabs';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { Link } from '@/components/ui/link';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { requirePageSession } from '@/lib/auth/page-session';
import { can } from '@/lib/auth/roles';
import { listWebhooks } from '@/lib/webhooks/manage-webhooks';

export const metadata: Metadata = { title: 'Developers' };
// Online only and per request: live keys and webhooks, and a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

/** What the browser gets is what the API answers: instants as ISO strings, not Date objects. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export default async function DevelopersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, allowed } = await requirePageSession('/developers', 'api-keys:manage');
  if (!allowed) return <NotAllowed title="Developers" />;
  const [keys, webhooks, params] = await Promise.all([listApiKeys(ctx), can(ctx.role, 'webhooks:manage') ? listWebhooks(ctx) : null, searchParams]);
  return (
    <>
      <PageHeader
        title="Developers"
        description={
          <>
            Connect your organization&apos;s own systems through the <Abbr term="API" expand />: keys, webhooks and a quick start.
          </>
        }
        actions={<Link href="/developers/reference">API reference</Link>}
      />
      <DeveloperPortal initialKeys={asJson(keys)} initialWebhooks={webhooks && asJson(webhooks)} initialTab={portalTabOf(params.tab)} />
    </>
  );
}
