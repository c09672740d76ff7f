/**
 * react-aria announces a focused button turning pending and back (Button's isPending) through
 * its hidden live log: an entry with role="img" labelled by the button (aria-labelledby), kept
 * 7 s. Once the button is gone, say a dialog closed or a panel went with the work it did, the
 * entry's label points at nothing and axe reports an image without alternative text
 * (role-img-alt). It has been spoken by then, so it goes with the button.
 */
export function removeAnnouncementsOf(id: string): void {
  if (typeof document === 'undefined') return;
  for (const entry of document.querySelectorAll(`[aria-live] [role="img"][aria-labelledby~="${CSS.escape(id)}"]`)) entry.remove();
}
