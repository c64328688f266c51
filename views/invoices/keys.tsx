/** The invoice page's keyboard shortcuts: the list "?" opens, and the small script that handles them (no inline script: CSP). */
export const KEY_LIST: [string, string][] = [
  ['j', 'Next invoice of your list'],
  ['k', 'Previous invoice of your list'],
  ['e', 'Edit: take the invoice, or go to the first code to enter'],
  ['r', 'Mark ready'],
  ['a', 'Approve'],
  ['h', 'Hold or reject: go to the reason'],
  ['?', 'Show or hide this list'],
];

export function KeyboardHelp() {
  return (
    <>
      <details class="keys-help no-print" id="keys-help">
        <summary>Keyboard shortcuts</summary>
        <dl>{KEY_LIST.map(([key, what]) => <><dt><kbd>{key}</kbd></dt><dd>{what}</dd></>)}</dl>
        <p class="muted">Keys do nothing while you type in a field.</p>
      </details>
      <script src="/assets/invoice-keys.js" defer></script>
    </>
  );
}
