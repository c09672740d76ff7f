'use client';

import { Webhook } from 'lucide-react';
import { useRef } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { showToast } from '@/components/ui/toast-store';
import { formatUtc } from '@/lib/design/dates';
import { deleteWebhook, listWebhooks, rotateWebhookSecret, setWebhookActive, type WebhookSubscription } from './api';
import { NewWebhookForm } from './new-webhook-form';
import { OneTimeSecret } from './one-time-secret';
import { WebhookList } from './webhook-list';

/** A signing secret the server just sent: of a new subscription, or by rotation. */
export interface ShownSecret {
  url: string;
  secret: string;
  /** Set after a rotation: until when the replaced secret also signs. */
  previousValidUntil: string | null;
}

export interface WebhooksPanelProps {
  webhooks: readonly WebhookSubscription[];
  onWebhooks: (webhooks: WebhookSubscription[]) => void;
  /** Kept by the page, so switching tabs does not lose a secret not yet copied. */
  shown: ShownSecret | null;
  onShown: (shown: ShownSecret | null) => void;
}

/** The webhooks tab: a signing secret just made (once), the subscriptions with their logs, and the form for a new one. */
export function WebhooksPanel({ webhooks, onWebhooks, shown, onShown }: WebhooksPanelProps) {
  const secretHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  async function reload() {
    try {
      onWebhooks(await listWebhooks());
    } catch (err) {
      showToast(`The list of webhooks could not be read again: ${(err as Error).message}`, 'error');
    }
  }

  function show(secret: ShownSecret) {
    onShown(secret);
    focusAfterRender(() => secretHeading.current);
    void reload();
  }

  async function act(done: string, failed: string, work: () => Promise<unknown>) {
    try {
      await work();
      await reload();
      showToast(done, 'success');
    } catch (err) {
      showToast(`${failed}: ${(err as Error).message}`, 'error');
    }
  }

  return (
    <div className="flex flex-col gap-section">
      {shown ? (
        <OneTimeSecret
          id="new-secret"
          heading={`Signing secret for ${shown.url}`}
          label="Signing secret"
          value={shown.secret}
          headingRef={secretHeading}
          onDone={() => {
            onShown(null);
            focusAfterRender(() => listHeading.current);
          }}
        >
          <p>
            The receiver checks each delivery&apos;s <code>webhook-signature</code> header with it, using any Standard Webhooks library.
            {shown.previousValidUntil ? ` The previous secret also signs until ${formatUtc(shown.previousValidUntil)}.` : ''}
          </p>
        </OneTimeSecret>
      ) : null}
      <section aria-labelledby="webhooks-heading" className="flex flex-col gap-stack">
        <h2 id="webhooks-heading" ref={listHeading} tabIndex={-1} className="text-title-sm">
          Webhooks of your organization
        </h2>
        <p>
          A webhook sends a signed message to an address of yours whenever a chosen event happens. Failed deliveries are tried again with
          growing pauses; each one is in its delivery log, where it can be sent again.
        </p>
        {webhooks.length ? (
          <WebhookList
            webhooks={webhooks}
            onSwitch={(w, active) =>
              void act(active ? `Events are sent to ${w.url} again.` : `Nothing is sent to ${w.url} until it is switched on.`, `${w.url} was not switched`, () =>
                setWebhookActive(w.id, active),
              )
            }
            onRotateSecret={(w) =>
              void (async () => {
                try {
                  const r = await rotateWebhookSecret(w.id);
                  show({ url: w.url, secret: r.secret, previousValidUntil: r.previousSecretValidUntil });
                } catch (err) {
                  showToast(`The secret of ${w.url} was not rotated: ${(err as Error).message}`, 'error');
                }
              })()
            }
            onDelete={(w) =>
              void act(`The webhook for ${w.url} is deleted.`, `The webhook for ${w.url} was not deleted`, async () => {
                await deleteWebhook(w.id);
                // Its buttons are gone: focus goes to the list it was in.
                focusAfterRender(() => listHeading.current);
              })
            }
          />
        ) : (
          <EmptyState icon={Webhook} title="No webhooks yet">
            Create one below to have events sent to your own systems.
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="new-webhook-heading" className="flex flex-col gap-stack">
        <h2 id="new-webhook-heading" className="text-title-sm">
          New webhook
        </h2>
        <NewWebhookForm onCreated={(c) => show({ url: c.subscription.url, secret: c.secret, previousValidUntil: null })} />
      </section>
    </div>
  );
}
