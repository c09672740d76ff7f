import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';
import { createSecretInput, createWorkflowSecret, listWorkflowSecrets } from '@/lib/workflows/manage-workflows';

const permission = 'workflows:manage';

/** Signing secrets: names and ids only; values are write-only. */
export function GET(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ secrets: await listWorkflowSecrets(ctx) }));
}

export function POST(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ secret: await createWorkflowSecret(ctx, await readJson(req, createSecretInput, 4_000)) }, { status: 201 }));
}
