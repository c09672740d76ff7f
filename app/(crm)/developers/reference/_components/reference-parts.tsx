// Server components of the API reference: plain semantic HTML (headings, tables with captions,
// code), no client JavaScript of their own.
import type { ReactNode } from 'react';
import { RESOURCE_LABELS } from '@/components/developers/labels';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { isApiResource } from './resource-names';
import type { FieldView, OperationView, ParameterView, SchemaView, TagView } from './reference-model';

/** Text from the document with its `backticked` names set as code. */
export function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** A resource's name as a heading says it: "Contacts". */
export function tagLabel(tag: string): string {
  return isApiResource(tag) ? RESOURCE_LABELS[tag] : tag.charAt(0).toUpperCase() + tag.slice(1);
}

const th = 'whitespace-nowrap px-3 py-2 text-start text-body-sm font-semibold text-muted';
const td = 'px-3 py-2 align-top';

/**
 * A reference table: its caption names it (and its scrolling region, which keeps a wide table
 * from widening the page at 320 px, WCAG 1.4.10), column headers, and the first column as
 * row headers.
 */
function RefTable({ id, caption, columns, children, scroll = true }: { id: string; caption: ReactNode; columns: readonly string[]; children: ReactNode; scroll?: boolean }) {
  const table = (
    <table className="w-full border-collapse text-start">
      <caption id={id} className="px-3 py-2 text-start font-semibold text-text">
        {caption}
      </caption>
      <thead className="bg-surface">
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col" className={th}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  const frame = 'rounded-lg border border-line bg-raised';
  return scroll ? (
    // At most half the screen high, scrolling inside too: a focused region must fit between the
    // top bar and the tab bar to be seen whole (WCAG 2.4.12); a schema of 15 fields would not.
    <ScrollRegion aria-labelledby={id} className={`${frame} max-h-[50dvh] overflow-y-auto focus-visible:outline-solid focus-visible:outline-3 focus-visible:outline-focus`}>
      {table}
    </ScrollRegion>
  ) : (
    <div className={`${frame} [overflow-wrap:anywhere]`}>{table}</div>
  );
}

function FieldRows({ fields }: { fields: readonly FieldView[] }) {
  return fields.map((f) => (
    <tr key={f.name} className="border-t border-line">
      <th scope="row" className={`${td} text-start font-normal`}>
        <code>{f.name}</code>
      </th>
      <td className={td}>{f.type}</td>
      <td className={td}>{f.required ? 'Yes' : 'No'}</td>
      <td className={td}>{f.description ? <WithCode text={f.description} /> : '—'}</td>
    </tr>
  ));
}

function ParameterRows({ parameters }: { parameters: readonly ParameterView[] }) {
  return parameters.map((p) => (
    <tr key={`${p.in}-${p.name}`} className="border-t border-line">
      <th scope="row" className={`${td} text-start font-normal`}>
        <code>{p.name}</code>
      </th>
      <td className={td}>{p.in}</td>
      <td className={td}>{p.required ? 'Yes' : 'No'}</td>
      <td className={td}>{p.type}</td>
      <td className={td}>{p.description ? <WithCode text={p.description} /> : '—'}</td>
    </tr>
  ));
}

/** One operation: method and path, what it does, the scope it needs, then its tables. */
function Operation({ op }: { op: OperationView }) {
  const id = `op-${op.id}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 border-t border-line pt-4">
      <h3 id={id} className="text-title-sm">
        {op.summary}
      </h3>
      <p className="flex flex-wrap items-baseline gap-2">
        <code className="rounded-sm border border-border px-1 font-semibold">{op.method}</code>
        <code className="break-all">{op.path}</code>
      </p>
      {op.description ? (
        <p>
          <WithCode text={op.description} />
        </p>
      ) : null}
      {op.scope ? (
        <p>
          Needs a key with the <code>{op.scope}</code> scope{op.scope.endsWith(':read') ? ' (a write scope includes it)' : ''}.
        </p>
      ) : null}
      {op.parameters.length ? (
        <RefTable id={`${id}-parameters`} caption={`Parameters of “${op.summary}”`} columns={['Name', 'In', 'Required', 'Type', 'Description']}>
          <ParameterRows parameters={op.parameters} />
        </RefTable>
      ) : (
        <p>No parameters.</p>
      )}
      {op.body ? (
        <RefTable
          id={`${id}-body`}
          caption={
            <>
              Request body of “{op.summary}”: {op.body.type}, sent as <code>{op.body.mediaType}</code>
            </>
          }
          columns={['Field', 'Type', 'Required', 'Description']}
        >
          <FieldRows fields={op.body.fields} />
        </RefTable>
      ) : null}
      {/* Three columns that wrap anywhere fit a 320 px screen: no scroller (and no Tab stop) needed. */}
      <RefTable id={`${id}-responses`} caption={`Responses of “${op.summary}”`} columns={['Status', 'Description', 'Body']} scroll={false}>
        {op.responses.map((r) => (
          <tr key={r.status} className="border-t border-line">
            <th scope="row" className={`${td} text-start font-normal`}>
              <code>{r.status}</code>
            </th>
            <td className={td}>
              <WithCode text={r.description} />
              {r.headers.length ? (
                <>
                  {' '}
                  Headers: {r.headers.map((h, i) => (
                    <span key={h}>
                      {i > 0 ? ', ' : ''}
                      <code>{h}</code>
                    </span>
                  ))}
                  .
                </>
              ) : null}
            </td>
            <td className={td}>{r.body ?? 'None'}</td>
          </tr>
        ))}
      </RefTable>
    </section>
  );
}

/** Every operation of one resource, under its h2. */
export function TagSection({ tag }: { tag: TagView }) {
  const id = `tag-${tag.tag}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-stack">
      <h2 id={id} className="text-title">
        {tagLabel(tag.tag)}
      </h2>
      {tag.operations.map((op) => (
        <Operation key={op.id} op={op} />
      ))}
    </section>
  );
}

/** Every named schema (records, bodies, pages, problems) with its fields. */
export function SchemasSection({ schemas }: { schemas: readonly SchemaView[] }) {
  return (
    <section aria-labelledby="schemas" className="flex flex-col gap-stack">
      <h2 id="schemas" className="text-title">
        Schemas
      </h2>
      <p>The records and bodies the operations above name, field by field.</p>
      {schemas.map((s) => (
        <section key={s.name} aria-labelledby={`schema-${s.name}`} className="flex flex-col gap-3 border-t border-line pt-4">
          <h3 id={`schema-${s.name}`} className="text-title-sm">
            <code>{s.name}</code>
          </h3>
          {s.description ? (
            <p>
              <WithCode text={s.description} />
            </p>
          ) : null}
          {s.fields.length ? (
            <RefTable id={`schema-${s.name}-fields`} caption={`Fields of ${s.name}`} columns={['Field', 'Type', 'Required', 'Description']}>
              <FieldRows fields={s.fields} />
            </RefTable>
          ) : (
            <p>{s.type}</p>
          )}
        </section>
      ))}
    </section>
  );
}
