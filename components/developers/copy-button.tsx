'use client';

import { Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

/**
 * Copies `text` to the clipboard and says so in words, in a status region that exists from the
 * first render (so screen readers announce the change). Where the page may not write to the
 * clipboard (an address without https), `fallback` selects the text for the person to copy.
 */
export function CopyButton({ text, label, what, fallback }: { text: string; label: string; what: string; fallback?: () => void }) {
  const [said, setSaid] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(`${what} copied to the clipboard.`);
    } catch {
      fallback?.();
      setSaid(`This browser did not let the page copy. ${fallback ? 'The text is selected: press Control+C (Command+C on a Mac) to copy it.' : 'Select the text and copy it.'}`);
    }
  }
  return (
    <div className="flex flex-wrap items-center gap-cluster">
      <Button icon={Copy} onPress={() => void copy()}>
        {label}
      </Button>
      <p role="status" className="text-body-sm text-muted">
        {said}
      </p>
    </div>
  );
}
