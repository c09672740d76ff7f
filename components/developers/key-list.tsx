'use client';

import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { card } from '@/components/ui/styles';
import { formatUtc } from '@/lib/design/dates';
import { DetailRow } from './detail-row';
import type { ApiKey } from './api';
import { describeScopes, isLiveKey, KEY_STATUS_TEXT } from './labels';

export interface KeyListProps {
  keys: readonly ApiKey[];
  onRotate: (key: ApiKey) => void;
  onRevoke: (key: ApiKey) => void;
}

/**
 * The organization's API keys, working ones first: what each may do, who made it, when it
 * expires and when and from where it was last used. Rotate and Revoke each ask first
 * (WCAG 3.3.4): both stop the current token at once.
 */
export function KeyList({ keys, onRotate, onRevoke }: KeyListProps) {
  const ordered = [...keys.filter((k) => isLiveKey(k.status)), ...keys.filter((k) => !isLiveKey(k.status))];
  return (
    <ul aria-label="API keys" className="flex flex-col gap-stack">
      {ordered.map((k) => (
        <li key={k.id} data-api-key={k.prefix} className={`${card} flex flex-col gap-3 p-inset`}>
          <h3 className="text-title-sm break-words">{k.name}</h3>
          <dl className="grid gap-x-4 sm:grid-cols-[max-content_1fr]">
            <DetailRow term="Status">
              <strong>{KEY_STATUS_TEXT[k.status]}</strong>
            </DetailRow>
            <DetailRow term="Starts with">
              <code className="break-all">{k.prefix}</code>
            </DetailRow>
            <DetailRow term="Scopes">
              {describeScopes(k.scopes)} (<code className="break-words">{k.scopes.join(' ')}</code>)
            </DetailRow>
            <DetailRow term="Created">
              {formatUtc(k.createdAt)} by {k.createdByName ?? 'a former member'}
            </DetailRow>
            <DetailRow term="Expires">{k.expiresAt ? formatUtc(k.expiresAt) : 'Never; it works until it is revoked'}</DetailRow>
            <DetailRow term="Last used">{k.lastUsedAt ? `${formatUtc(k.lastUsedAt)} from ${k.lastUsedIp ?? 'an unknown address'}` : 'Never used'}</DetailRow>
            {k.revokedAt ? <DetailRow term="Revoked">{formatUtc(k.revokedAt)}</DetailRow> : null}
          </dl>
          {isLiveKey(k.status) ? (
            <div className="flex flex-wrap gap-cluster">
              <ConfirmDialog
                trigger={
                  <Button variant="secondary">
                    Rotate<span className="sr-only"> {k.name}</span>
                  </Button>
                }
                title={`Rotate the key “${k.name}”?`}
                message="Its token stops working at once. A new key with the same name, scopes and expiry replaces it, acting as you, and its token is shown once. Update every system that uses this key."
                confirmLabel="Rotate key"
                onConfirm={() => onRotate(k)}
              />
              <ConfirmDialog
                trigger={
                  <Button variant="secondary">
                    Revoke<span className="sr-only"> {k.name}</span>
                  </Button>
                }
                title={`Revoke the key “${k.name}”?`}
                message="Every request with it is refused from now on. This cannot be undone: a system that still needs access gets a new key."
                confirmLabel="Revoke key"
                onConfirm={() => onRevoke(k)}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
