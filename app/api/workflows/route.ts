import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { createWorkflow, createWorkflowInput, listWorkflows } from '@/lib/workflows/manage-workflows';

const permission = 'workflows:manage';

export function GET(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ workflows: await listWorkflows(ctx) }));
}

export function POST(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ workflow: await createWorkflow(ctx, await readJson(req, createWorkflowInput)) }, { status: 201 }));
}
