import { withSession } from '@/lib/auth/with-session';
import { parseAuditParams } from '@/lib/audit/audit-filter-params';
import { exportAudit } from '@/lib/audit/audit-service';
import { AppError, ErrorCode } from '@/lib/http/app-error';

/** Download of the filtered audit log: `?format=csv` (default) or `?format=json`. */
export function GET(req: Request) {
  return withSession(req, { permission: 'audit:read' }, async ({ ctx }) => {
    const params = new URL(req.url).searchParams;
    const format = params.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new AppError(ErrorCode.Validation, 'format: must be csv or json');
    const filter = parseAuditParams(params);
    if (!filter.success) throw new AppError(ErrorCode.Validation, filter.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const body = await exportAudit(ctx, { ...filter.data, limit: params.has('limit') ? filter.data.limit : 1000 }, format);
    return new Response(body, {
      headers: {
        'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
        'content-disposition': `attachment; filename="audit-log.${format}"`,
      },
    });
  });
}
