'use client';

import { useSyncExternalStore } from 'react';
import { Link } from '@/components/ui/link';
import { CodeExample } from './code-example';
import { curlCreateExample, curlListExample, exportKeyExample, sdkExample } from './quick-start-examples';

const never = () => () => {};
/** Shown until the page knows its own address (on the server and while hydrating). */
const PLACEHOLDER_ORIGIN = 'https://crm.example.com';

/** This app's address as the browser reached it, so the examples work when pasted. */
function useOrigin(): string {
  return useSyncExternalStore(never, () => window.location.origin, () => PLACEHOLDER_ORIGIN);
}

/** Plain link for files the client router must not handle (the OpenAPI document is JSON, not a page). */
const fileLink = 'inline-flex min-h-target min-w-target items-center rounded-sm px-1 text-link underline decoration-1 underline-offset-4 hover:decoration-2';

/**
 * The quick start: a key in an environment variable, then the same two calls with curl and
 * with the TypeScript client, written for this app's own address. They need a key with the
 * contacts read and write scopes.
 */
export function QuickStart() {
  const origin = useOrigin();
  return (
    <section aria-labelledby="quick-start-heading" className="flex flex-col gap-stack">
      <h2 id="quick-start-heading" className="text-title-sm">
        Quick start
      </h2>
      <p>
        These examples read and create contacts, so they need a key with the <code>contacts:read</code> and <code>contacts:write</code> scopes.
        Every answer carries <code>RateLimit</code> headers; errors come as problem details with a message for people.
      </p>
      <ol className="flex list-decimal flex-col gap-section ps-6">
        <li className="flex flex-col gap-2">
          <p>
            Make a key on the API keys tab and copy its token. Then, in a terminal:
          </p>
          <CodeExample caption="Keep the key in an environment variable" code={exportKeyExample()} copyLabel="Copy the export command" />
        </li>
        <li className="flex flex-col gap-2">
          <CodeExample caption="List contacts with curl" code={curlListExample(origin)} copyLabel="Copy the list example" />
        </li>
        <li className="flex flex-col gap-2">
          <CodeExample caption="Create a contact with curl" code={curlCreateExample(origin)} copyLabel="Copy the create example" />
        </li>
        <li className="flex flex-col gap-2">
          <p>
            With the TypeScript client, the <code>@crm-ai/sdk</code> package in the <code>sdk</code> folder of this product&apos;s source: install it
            from there, save this as <code>quickstart.mts</code> and run <code>npx tsx quickstart.mts</code>.
          </p>
          <CodeExample caption="The same with the TypeScript client" code={sdkExample(origin)} copyLabel="Copy the client example" />
        </li>
      </ol>
      <div className="flex flex-wrap gap-cluster">
        <Link href="/developers/reference">Read the reference of every operation</Link>
        <a href="/api/v1/openapi.json" className={fileLink}>
          Download the OpenAPI document
        </a>
      </div>
    </section>
  );
}
