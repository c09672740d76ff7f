// The API reference, rendered here on the server from openApiDocument() (the same document
// /api/v1/openapi.json serves, generated from the zod schemas the server validates with).
//
// Why not Scalar, Redoc or Swagger UI, as issue 19 suggests: each ships its own stylesheet and
// widgets. Their text colours fall short of 7:1, their expanders and tabs are smaller than 44 px,
// and their "try it" panels would need a key pasted into the page. Overriding all of that means
// restyling a library's internals on every upgrade. The document is plain data, so this page
// reads it into a small model (_components/reference-model.ts, tested against the real document)
// and writes semantic HTML with our own tokens: one h2 per resource, one h3 per operation, and
// tables with captions for parameters, request body fields and responses. Nothing here needs
// client JavaScript. Tools that want the document itself get /api/v1/openapi.json.
import type { Metadata } from 'next';
import { NotAllowed } from '@/components/auth/not-allowed';
import { PageHeader } from '@/components/shell/page-header';
import { Abbr } from '@/components/ui/abbr';
import { openApiDocument } from '@/lib/api-v1/openapi';
import { requirePageSession } from '@/lib/auth/page-session';
import { referenceOf } from './_components/reference-model';
import { SchemasSection, TagSection, tagLabel, WithCode } from './_components/reference-parts';

export const metadata: Metadata = { title: 'API reference' };
// Per request: the session check, and a CSP nonce (lib/security/csp.ts).
export const dynamic = 'force-dynamic';

/** A link that is not inside a sentence: a 44 px target (WCAG 2.5.5), always underlined. */
const standaloneLink = 'inline-flex min-h-target min-w-target items-center rounded-sm px-1 text-link underline decoration-1 underline-offset-4 hover:decoration-2';

export default async function ApiReferencePage() {
  const { allowed } = await requirePageSession('/developers/reference', 'api-keys:manage');
  if (!allowed) return <NotAllowed title="API reference" />;
  const view = referenceOf(openApiDocument());
  return (
    <>
      <PageHeader
        title="API reference"
        trail={[
          { href: '/developers', label: 'Developers' },
          { href: '/developers/reference', label: 'API reference' },
        ]}
        description={
          <>
            Every operation of the <Abbr term="API" expand />, version {view.version}, as its OpenAPI document describes it.
          </>
        }
      />
      <div className="flex max-w-3xl flex-col gap-section">
        <section aria-labelledby="about-heading" className="flex flex-col gap-stack">
          <h2 id="about-heading" className="text-title">
            Before you start
          </h2>
          {view.description ? (
            <p>
              <WithCode text={view.description} />
            </p>
          ) : null}
          <p>
            Every path below starts with <code>{view.basePath}</code> on this server. Send a key made on the developers page in the header{' '}
            <code>Authorization: Bearer &lt;key&gt;</code>; each operation names the scope the key needs.
          </p>
          <ul className="flex flex-wrap gap-x-4">
            <li>
              <a href="/developers" className={standaloneLink}>
                Make a key
              </a>
            </li>
            <li>
              <a href="/api/v1/openapi.json" className={standaloneLink}>
                Download the OpenAPI document (JSON)
              </a>
            </li>
          </ul>
        </section>
        <nav aria-label="On this page">
          <h2 className="text-title-sm">On this page</h2>
          <ul className="flex flex-wrap gap-x-4">
            {view.tags.map((t) => (
              <li key={t.tag}>
                <a href={`#tag-${t.tag}`} className={standaloneLink}>
                  {tagLabel(t.tag)}
                </a>
              </li>
            ))}
            <li>
              <a href="#schemas" className={standaloneLink}>
                Schemas
              </a>
            </li>
          </ul>
        </nav>
        {view.tags.map((t) => (
          <TagSection key={t.tag} tag={t} />
        ))}
        <SchemasSection schemas={view.schemas} />
      </div>
    </>
  );
}
