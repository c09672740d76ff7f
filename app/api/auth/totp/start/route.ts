import { startEnrollment } from '@/lib/auth/totp-enrollment';
import { withSession } from '@/lib/auth/with-session';

/** Starts TOTP enrollment: a new pending secret, its QR code and the secret as text. */
export function POST(req: Request) {
  return withSession(req, { allowStages: ['needs_enrollment'] }, ({ auth }) => startEnrollment(auth.user.id, auth.user.email));
}
