import { createApiKeyInput } from '@/lib/api-keys/api-key-input';
import { createApiKey, listApiKeys } from '@/lib/api-keys/api-keys';
import { withSession } from '@/lib/auth/with-session';
import { readJson } from '@/lib/http/read-json';

const permission = 'api-keys:manage';

/** The organization's API keys (never a token or hash). */
export function GET(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) => Response.json({ keys: await listApiKeys(ctx) }));
}

/** Makes a key: `{ key, token }`, the token shown this once (so the answer is never cached). */
export function POST(req: Request) {
  return withSession(req, { permission }, async ({ ctx }) =>
    Response.json(await createApiKey(ctx, await readJson(req, createApiKeyInput, 4_000)), { status: 201, headers: { 'cache-control': 'no-store' } }),
  );
}
