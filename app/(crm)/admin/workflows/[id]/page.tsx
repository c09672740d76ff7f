import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PageHeader } from '@/components/shell/page-header';
import { WorkflowBuilder } from '@/components/workflows/workflow-builder';

export const metadata: Metadata = { title: 'Workflow builder' };
// Rendered per request so it gets a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

export default async function WorkflowBuilderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return (
    <>
      <PageHeader title="Workflow builder" description="Every edit works from the outline with the keyboard; the canvas shows the same graph." />
      <WorkflowBuilder id={id} />
    </>
  );
}
