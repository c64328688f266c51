// Keyboard shortcuts of the invoice page (views/invoices/keys.tsx lists them): j/k next/previous
// invoice of the list, e edit, r mark ready, a approve, h hold or reject, ? the list of keys.
// Never while typing in a field, never with Ctrl/Alt/Meta. Each key presses the element marked
// with data-key on the page, so the server decides what is offered. Installed once: htmx runs
// this file again after boosted navigations.
(() => {
  if (window.apdeskInvoiceKeys) return;
  window.apdeskInvoiceKeys = true;
  const typing = (el) =>
    el instanceof Element && (el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null);
  const visible = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  const marked = (key) => [...document.querySelectorAll(`[data-key="${key}"]`)].find(visible);
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
    if (typing(event.target)) return;
    const help = document.getElementById('keys-help');
    if (!help) return; // not an invoice page
    const key = event.key;
    if (key === '?') {
      help.open = !help.open;
      if (help.open) help.scrollIntoView({ block: 'nearest' });
      event.preventDefault();
      return;
    }
    if (key === 'Escape' && help.open) { help.open = false; return; }
    if (!['j', 'k', 'e', 'r', 'a', 'h'].includes(key)) return;
    if (key === 'h') {
      const decide = document.getElementById('decide');
      const reason = document.getElementById('status-reason');
      if (!decide || !reason) return;
      event.preventDefault(); // or the h would be typed into the reason
      decide.open = true;
      reason.focus();
      return;
    }
    const target = marked(key) ?? (key === 'e' ? document.querySelector('.coding-line input[type=text]') : null);
    if (!target) return;
    event.preventDefault();
    if (target instanceof HTMLInputElement) { target.scrollIntoView({ block: 'center' }); target.focus(); }
    else target.click();
  });
})();
