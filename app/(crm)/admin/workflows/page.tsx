import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/page-header';
import { WorkflowList } from '@/components/workflows/workflow-list';

export const metadata: Metadata = { title: 'Workflows' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default function WorkflowsPage() {
  return (
    <>
      <PageHeader title="Workflows" description="Automate the sales process: when something happens, do these steps." />
      <WorkflowList />
    </>
  );
}
