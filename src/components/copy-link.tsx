import { useState } from 'react';

/** Copies the page's link (which holds every setting) to the clipboard. */
export function CopyLink() {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <button type="button" onClick={() => void copy()} title="The link reproduces the model, its settings and its seed">
      {copied === 'done' ? 'Link copied' : copied === 'failed' ? 'Copy failed: use the address bar' : 'Copy link'}
    </button>
  );
}
