'use client';

import { KeyRound } from 'lucide-react';
import { useRef } from 'react';
import { EmptyState } from '@/components/ui/empty-state';
import { focusAfterRender } from '@/components/ui/focus-after-render';
import { showToast } from '@/components/ui/toast-store';
import { listKeys, revokeKey, rotateKey, type ApiKey, type IssuedKey } from './api';
import { KeyList } from './key-list';
import { NewKeyForm } from './new-key-form';
import { OneTimeSecret } from './one-time-secret';

/** A token the server just sent: made with a new key, or by rotating one. */
export interface ShownToken extends IssuedKey {
  how: 'created' | 'rotated';
}

export interface ApiKeysPanelProps {
  keys: readonly ApiKey[];
  onKeys: (keys: ApiKey[]) => void;
  /** Kept by the page, so switching tabs does not lose a token not yet copied. */
  shown: ShownToken | null;
  onShown: (shown: ShownToken | null) => void;
}

/** The API keys tab: a token just made (once), the keys, and the form for a new one. */
export function ApiKeysPanel({ keys, onKeys, shown, onShown }: ApiKeysPanelProps) {
  const tokenHeading = useRef<HTMLHeadingElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  async function reload() {
    try {
      onKeys(await listKeys());
    } catch (err) {
      showToast(`The list of keys could not be read again: ${(err as Error).message}`, 'error');
    }
  }

  /** Shows the token where focus lands: above the list, its heading focused (the dialog that asked is gone). */
  function show(token: ShownToken) {
    onShown(token);
    focusAfterRender(() => tokenHeading.current);
    void reload();
  }

  async function rotate(key: ApiKey) {
    try {
      show({ ...(await rotateKey(key.id)), how: 'rotated' });
    } catch (err) {
      showToast(`The key “${key.name}” was not rotated: ${(err as Error).message}`, 'error');
    }
  }

  async function revoke(key: ApiKey) {
    try {
      await revokeKey(key.id);
      await reload();
      showToast(`The key “${key.name}” is revoked: requests with it are refused.`, 'success');
      // Its Revoke button is gone: focus goes to the list it was in.
      focusAfterRender(() => listHeading.current);
    } catch (err) {
      showToast(`The key “${key.name}” was not revoked: ${(err as Error).message}`, 'error');
    }
  }

  return (
    <div className="flex flex-col gap-section">
      {shown ? (
        <OneTimeSecret
          id="new-token"
          heading={shown.how === 'created' ? `Token of the new key “${shown.key.name}”` : `New token of the key “${shown.key.name}”`}
          label="Token"
          value={shown.token}
          headingRef={tokenHeading}
          onDone={() => {
            onShown(null);
            focusAfterRender(() => listHeading.current);
          }}
        >
          <p>
            Send it with every request, in the header <code className="break-all">Authorization: Bearer {shown.key.prefix}…</code>.
            {shown.how === 'rotated' ? ' The previous token no longer works.' : ''}
          </p>
        </OneTimeSecret>
      ) : null}
      <section aria-labelledby="keys-heading" className="flex flex-col gap-stack">
        <h2 id="keys-heading" ref={listHeading} tabIndex={-1} className="text-title-sm">
          Keys of your organization
        </h2>
        <p>
          A key acts as the owner or admin who made it, limited to its scopes, and stops working when that person is no longer an owner or
          admin. The audit log names the key in every change made with it.
        </p>
        {keys.length ? (
          <KeyList keys={keys} onRotate={(k) => void rotate(k)} onRevoke={(k) => void revoke(k)} />
        ) : (
          <EmptyState icon={KeyRound} title="No keys yet">
            Create one below, then try it with the quick start.
          </EmptyState>
        )}
      </section>
      <section aria-labelledby="new-key-heading" className="flex flex-col gap-stack">
        <h2 id="new-key-heading" className="text-title-sm">
          New key
        </h2>
        <NewKeyForm onCreated={(issued) => show({ ...issued, how: 'created' })} />
      </section>
    </div>
  );
}
