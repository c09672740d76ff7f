import 'server-only';
import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';

/** The Standard Webhooks secret prefix (`whsec_` + base64 of the key bytes). */
export const SECRET_PREFIX = 'whsec_';
/** Key bytes of a new secret: the spec asks for 24 to 64. */
const SECRET_BYTES = 32;

/** A new signing secret in the `whsec_<base64>` form the Standard Webhooks libraries take. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

// Security: the context binds a sealed secret to its subscription and slot, so a ciphertext
// copied to another row (or from `previous` to current) does not decrypt. lib/crypto/sealed-columns.ts
// lists both columns with these contexts for key rotation.
export const currentSecretContext = (subscriptionId: string) => `webhook-secret:${subscriptionId}`;
export const previousSecretContext = (subscriptionId: string) => `webhook-secret-previous:${subscriptionId}`;

/** Seals a subscription's current secret for storage. */
export function sealCurrentSecret(subscriptionId: string, secret: string): string {
  return encryptSecret(secret, currentSecretContext(subscriptionId));
}

export type SealedSecrets = {
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | string | null;
};

/** The secrets that sign a delivery now: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(subscriptionId: string, row: SealedSecrets, now: Date): string[] {
  const secrets = [decryptSecret(row.secret_sealed, currentSecretContext(subscriptionId))];
  const until = row.previous_secret_expires_at ? new Date(row.previous_secret_expires_at) : null;
  if (row.previous_secret_sealed && until && until > now) secrets.push(decryptSecret(row.previous_secret_sealed, previousSecretContext(subscriptionId)));
  return secrets;
}
