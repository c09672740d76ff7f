'use client';

import { useEffect, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { SkeletonRows } from '@/components/ui/skeleton';
import { showToast } from '@/components/ui/toast-store';
import { formatUtc } from '@/lib/design/dates';
import { listDeliveries, redeliver, type DeliverySummary, type WebhookSubscription } from './api';

type Log = { deliveries: DeliverySummary[]; nextBefore: string | null };

/** A delivery's outcome in words (never colour alone). */
function outcome(d: DeliverySummary): string {
  if (d.status === 'delivered') return `Delivered${d.deliveredAt ? ` ${formatUtc(d.deliveredAt)}` : ''}`;
  if (d.status === 'failed') return 'Failed: no more attempts';
  return d.nextAttemptAt ? `Pending: next attempt ${formatUtc(d.nextAttemptAt)}` : 'Pending';
}

/** What the receiver answered last: its status code, or why there was no answer. */
function answer(d: DeliverySummary): string {
  if (d.lastStatus !== null) return String(d.lastStatus);
  if (d.lastError) return `No answer: ${d.lastError}`;
  return 'Not tried yet';
}

/**
 * One subscription's delivery log, newest first, read when opened: the event, the outcome,
 * the receiver's last status code, the attempts and when it happened. A delivered or failed
 * one can be sent again (Redeliver); a pending one is still being attempted.
 */
export function DeliveryLog({ webhook, headingId }: { webhook: WebhookSubscription; headingId: string }) {
  const [log, setLog] = useState<Log | null>(null);
  const [problem, setProblem] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    listDeliveries(webhook.id)
      .then((page) => {
        if (!live) return;
        setLog(page);
        setProblem('');
      })
      .catch((err: Error) => live && setProblem(`The delivery log could not be read: ${err.message}`));
    return () => {
      live = false;
    };
  }, [webhook.id, version]);

  async function older() {
    if (!log?.nextBefore) return;
    try {
      const page = await listDeliveries(webhook.id, log.nextBefore);
      setLog({ deliveries: [...log.deliveries, ...page.deliveries], nextBefore: page.nextBefore });
    } catch (err) {
      showToast(`Older deliveries could not be read: ${(err as Error).message}`, 'error');
    }
  }

  async function sendAgain(d: DeliverySummary) {
    try {
      const updated = await redeliver(webhook.id, d.id);
      setLog((prev) => prev && { ...prev, deliveries: prev.deliveries.map((x) => (x.id === d.id ? updated : x)) });
      showToast(`The ${d.eventType} event is being sent again; its outcome appears in the log when the attempt ends.`, 'success');
    } catch (err) {
      showToast(`The ${d.eventType} event was not sent again: ${(err as Error).message}`, 'error');
    }
  }

  const caption = `Deliveries to ${webhook.url}, newest first`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h4 id={headingId} className="font-semibold">
        Delivery log
      </h4>
      {problem ? <p role="alert">{problem}</p> : null}
      {!log && !problem ? <SkeletonRows label="Reading the delivery log…" rows={3} avatar={false} /> : null}
      {log && log.deliveries.length === 0 ? <p>Nothing was sent yet: deliveries appear here as the chosen events happen.</p> : null}
      {log && log.deliveries.length > 0 ? (
        <ScrollRegion aria-labelledby={`${headingId}-caption`} className="rounded-lg border border-line bg-raised focus-visible:outline-solid focus-visible:outline-3 focus-visible:outline-focus">
          <table className="w-full border-collapse text-start">
            <caption id={`${headingId}-caption`} className="px-3 py-2 text-start text-body-sm text-muted">
              {caption}
            </caption>
            <thead className="bg-surface">
              <tr>
                {['Event', 'Outcome', 'Last status code', 'Attempts', 'Created', 'Action'].map((c) => (
                  <th key={c} scope="col" className="whitespace-nowrap px-3 py-2 text-start text-body-sm font-semibold text-muted">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {log.deliveries.map((d) => (
                <tr key={d.id} className="border-t border-line align-middle">
                  <th scope="row" className="px-3 py-2 text-start font-normal">
                    <code>{d.eventType}</code>
                  </th>
                  <td className="px-3 py-2">{outcome(d)}</td>
                  <td className="px-3 py-2">{answer(d)}</td>
                  <td className="px-3 py-2 text-end">{d.attempts}</td>
                  <td className="whitespace-nowrap px-3 py-2">{formatUtc(d.createdAt)}</td>
                  <td className="px-3 py-1">
                    {d.status === 'pending' ? (
                      <span className="text-muted">Being attempted</span>
                    ) : (
                      <Button variant="secondary" onPress={() => void sendAgain(d)}>
                        Redeliver<span className="sr-only"> {d.eventType} of {formatUtc(d.createdAt)}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
      <div className="flex flex-wrap gap-cluster">
        {log?.nextBefore ? (
          <Button variant="secondary" onPress={() => void older()}>
            Show older deliveries
          </Button>
        ) : null}
        <Button variant="quiet" onPress={() => setVersion((v) => v + 1)}>
          Read the log again
        </Button>
      </div>
    </section>
  );
}
