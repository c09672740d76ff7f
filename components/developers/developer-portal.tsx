'use client';

import { useState } from 'react';
import { Tabs, type TabItem } from '@/components/ui/tabs';
import { ApiKeysPanel, type ShownToken } from './api-keys-panel';
import type { ApiKey, WebhookSubscription } from './api';
import { QuickStart } from './quick-start';
import { WebhooksPanel, type ShownSecret } from './webhooks-panel';
import { isPortalTab, type PortalTab } from './portal-tabs';

export interface DeveloperPortalProps {
  initialKeys: ApiKey[];
  /** Null when the role may not manage webhooks (the tab is left out). */
  initialWebhooks: WebhookSubscription[] | null;
  initialTab: PortalTab;
}

/**
 * The developer portal's tabs: API keys, webhooks and the quick start. A token or secret just
 * shown is kept here, above the tabs' panels (which unmount when hidden), so looking at the
 * quick start does not lose it; it is never stored anywhere else. The chosen tab is put in the
 * address (?tab=), so a reload or a shared link opens it.
 */
export function DeveloperPortal({ initialKeys, initialWebhooks, initialTab }: DeveloperPortalProps) {
  const [tab, setTab] = useState<PortalTab>(initialWebhooks || initialTab !== 'webhooks' ? initialTab : 'keys');
  const [keys, setKeys] = useState<ApiKey[]>(initialKeys);
  const [token, setToken] = useState<ShownToken | null>(null);
  const [webhooks, setWebhooks] = useState<WebhookSubscription[]>(initialWebhooks ?? []);
  const [secret, setSecret] = useState<ShownSecret | null>(null);

  const tabs: TabItem[] = [
    { id: 'keys', label: 'API keys', content: <ApiKeysPanel keys={keys} onKeys={setKeys} shown={token} onShown={setToken} /> },
    ...(initialWebhooks ? [{ id: 'webhooks', label: 'Webhooks', content: <WebhooksPanel webhooks={webhooks} onWebhooks={setWebhooks} shown={secret} onShown={setSecret} /> }] : []),
    { id: 'quick-start', label: 'Quick start', content: <QuickStart /> },
  ];
  return (
    <Tabs
      label="Developer tools"
      tabs={tabs}
      selectedKey={tab}
      onSelectionChange={(key) => {
        const next = String(key);
        if (!isPortalTab(next)) return;
        setTab(next);
        window.history.replaceState(null, '', next === 'keys' ? '/developers' : `/developers?tab=${next}`);
      }}
      className="max-w-3xl"
    />
  );
}
