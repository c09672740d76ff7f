import 'server-only';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { recordAuthEvent } from '../auth/auth-events';
import { hashPassword, verifyPassword } from '../auth/password';
import { newPasswordSchema } from '../auth/password-policy';
import type { RequestMeta } from '../auth/sign-in';
import type { Database } from '../db/types';
import { withSystem } from '../db/with-tenant';
import { AppError, ErrorCode } from '../http/app-error';

export const createOrganizationSchema = z.object({
  organizationName: z.string().trim().min(1, 'Enter the organization’s name.').max(200),
  name: z.string().trim().min(1, 'Enter your name.').max(200),
  email: z.string().trim().toLowerCase().pipe(z.email('Enter an email address.')),
  password: newPasswordSchema,
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

function slugFor(name: string): string {
  const base = name.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'org';
  return `${base.length < 2 ? `${base}-org` : base}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates a tenant with the caller as its owner. A new email gets a new user; an existing
 * one must give that account's password (the organization is added to it). The owner must
 * then enroll a second factor before using the app.
 */
export async function createOrganization(input: CreateOrganizationInput, meta: RequestMeta, db?: Database): Promise<{ tenantId: string; userId: string }> {
  const passwordHash = await hashPassword(input.password);
  return withSystem(async (tx) => {
    const existing = await tx.query<{ id: string; password_hash: string | null }>('SELECT id, password_hash FROM users WHERE email = $1', [input.email]);
    let userId = existing.rows[0]?.id;
    if (existing.rows[0]) {
      if (!existing.rows[0].password_hash || !(await verifyPassword(existing.rows[0].password_hash, input.password))) {
        throw new AppError(ErrorCode.Validation, 'This email already has an account: enter that account’s password to add an organization to it.', [
          { path: 'password', message: 'does not match the existing account' },
        ]);
      }
    } else {
      userId = uuidv7();
      await tx.query('INSERT INTO users (id, email, name, password_hash) VALUES ($1, $2, $3, $4)', [userId, input.email, input.name, passwordHash]);
    }
    const tenantId = uuidv7();
    await tx.query('INSERT INTO tenants (id, name, slug) VALUES ($1, $2, $3)', [tenantId, input.organizationName, slugFor(input.organizationName)]);
    await tx.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'owner')", [tenantId, userId]);
    await recordAuthEvent({ kind: 'organization.create', outcome: 'success', userId, tenantId, actorId: userId, email: input.email, ip: meta.ip, userAgent: meta.userAgent }, tx);
    return { tenantId, userId: userId as string };
  }, db);
}
