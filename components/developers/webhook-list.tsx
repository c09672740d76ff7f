'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { card } from '@/components/ui/styles';
import { formatUtc } from '@/lib/design/dates';
import { DetailRow } from './detail-row';
import type { WebhookSubscription } from './api';
import { DeliveryLog } from './delivery-log';

export interface WebhookListProps {
  webhooks: readonly WebhookSubscription[];
  onSwitch: (webhook: WebhookSubscription, active: boolean) => void;
  onRotateSecret: (webhook: WebhookSubscription) => void;
  onDelete: (webhook: WebhookSubscription) => void;
}

/**
 * The organization's webhook subscriptions: where each sends, which events, whether it is on,
 * and its delivery log on request. Rotating the secret and deleting ask first (WCAG 3.3.4).
 */
export function WebhookList({ webhooks, onSwitch, onRotateSecret, onDelete }: WebhookListProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <ul aria-label="Webhooks" className="flex flex-col gap-stack">
      {webhooks.map((w) => {
        const name = w.description ? `${w.description} (${w.url})` : w.url;
        const logOpen = open.has(w.id);
        return (
          <li key={w.id} data-webhook={w.id} className={`${card} flex flex-col gap-3 p-inset`}>
            <h3 className="text-title-sm break-all">{w.url}</h3>
            {w.description ? <p>{w.description}</p> : null}
            <dl className="grid gap-x-4 sm:grid-cols-[max-content_1fr]">
              <DetailRow term="Status">
                <strong>{w.active ? 'On: events are sent' : 'Off: nothing is sent'}</strong>
              </DetailRow>
              <DetailRow term="Events">
                <code className="break-words">{w.eventTypes.join(' ')}</code>
              </DetailRow>
              <DetailRow term="Created">{formatUtc(w.createdAt)}</DetailRow>
              {w.previousSecretValidUntil ? <DetailRow term="Previous secret">Also signs until {formatUtc(w.previousSecretValidUntil)}</DetailRow> : null}
            </dl>
            <div className="flex flex-wrap gap-cluster">
              <Button variant="secondary" aria-expanded={logOpen} aria-controls={logOpen ? `log-${w.id}` : undefined} onPress={() => toggle(w.id)}>
                {logOpen ? 'Hide delivery log' : 'Show delivery log'}
                <span className="sr-only"> of {name}</span>
              </Button>
              <Button variant="secondary" onPress={() => onSwitch(w, !w.active)}>
                {w.active ? 'Switch off' : 'Switch on'}
                <span className="sr-only"> {name}</span>
              </Button>
              <ConfirmDialog
                trigger={
                  <Button variant="secondary">
                    Rotate secret<span className="sr-only"> of {name}</span>
                  </Button>
                }
                title="Rotate the signing secret?"
                message={`A new secret signs the deliveries to ${w.url} from now on and is shown once. The current one also signs them for 24 more hours, so the receiver can switch without refusing any.`}
                confirmLabel="Rotate secret"
                confirmVariant="primary"
                onConfirm={() => onRotateSecret(w)}
              />
              <ConfirmDialog
                trigger={
                  <Button variant="secondary">
                    Delete<span className="sr-only"> {name}</span>
                  </Button>
                }
                title="Delete this webhook?"
                message={`Nothing more is sent to ${w.url}, and its delivery log is deleted. This cannot be undone.`}
                confirmLabel="Delete webhook"
                onConfirm={() => onDelete(w)}
              />
            </div>
            {logOpen ? (
              <div id={`log-${w.id}`}>
                <DeliveryLog webhook={w} headingId={`log-heading-${w.id}`} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
