import { handle } from '@/lib/auth/with-session';
import { AppError, ErrorCode } from '@/lib/http/app-error';
import { devOutboxOpenTo } from '@/lib/mail/dev-outbox-access';
import { listDevMail } from '@/lib/mail/mailer';
import { z } from 'zod';

const query = z.object({ to: z.string().trim().toLowerCase().pipe(z.email('Give the address as ?to=')) });

/**
 * Development outbox of mail that belongs to no organization yet (sign-up links), by address.
 * Security: answers only while mail goes to the outbox (development, tests, or MAIL_DEV_OUTBOX=1
 * on a test server, announced loudly at start), and in production only to this machine
 * (devOutboxOpenTo); otherwise it is a 404.
 */
export function GET(req: Request) {
  return handle(req, async () => {
    if (!devOutboxOpenTo(req.headers)) throw new AppError(ErrorCode.NotFound, 'Not found.');
    const parsed = query.safeParse({ to: new URL(req.url).searchParams.get('to') ?? '' });
    if (!parsed.success) throw new AppError(ErrorCode.Validation, 'Give the address as ?to=.', [{ path: 'to', message: 'must be an email address' }]);
    return { mails: await listDevMail(parsed.data.to) };
  });
}
