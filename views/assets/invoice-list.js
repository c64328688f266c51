// My Invoices: "select all" for the page's rows and the sum of the selected rows per currency.
// Amounts are decimal strings (data-amount) added as BigInt in millionths, never as floats,
// and shown with Intl.NumberFormat in the page's locale (<html lang>). Without this script the
// checkboxes still work one by one and the bulk form still posts. Installed once: htmx may run
// this file again after a boosted navigation, and the table is swapped in and out by htmx.
(() => {
  if (window.apdeskInvoiceList) return;
  window.apdeskInvoiceList = true;
  const SCALE = 6;
  const toMicros = (text) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text || '');
    if (!m) return 0n;
    const value = BigInt(m[2] + (m[3] || '').padEnd(SCALE, '0').slice(0, SCALE));
    return m[1] ? -value : value;
  };
  const fromMicros = (n) => {
    const negative = n < 0n;
    const digits = (negative ? -n : n).toString().padStart(SCALE + 1, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
  };
  const money = (amount, currency) => {
    const locale = document.documentElement.dataset.locale || undefined;
    try {
      return new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : { minimumFractionDigits: 2 }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  };
  const refresh = (form) => {
    const boxes = [...form.querySelectorAll('input[type=checkbox][name=ids]')];
    const ticked = boxes.filter((b) => b.checked);
    const all = form.querySelector('[data-select-all]');
    if (all) {
      all.hidden = false;
      all.checked = ticked.length > 0 && ticked.length === boxes.length;
      all.indeterminate = ticked.length > 0 && ticked.length < boxes.length;
    }
    const out = form.querySelector('[data-selection-sum]');
    if (!out) return;
    if (ticked.length === 0) {
      out.textContent = '';
      return;
    }
    const sums = new Map();
    for (const b of ticked) {
      const currency = b.dataset.currency || '';
      sums.set(currency, (sums.get(currency) || 0n) + toMicros(b.dataset.amount));
    }
    const parts = [...sums].map(([currency, micros]) => money(fromMicros(micros), currency));
    out.textContent = `${ticked.length} selected: ${parts.join(' · ')}`;
  };
  const formOf = (el) => el instanceof Element && el.closest('form[data-selection]');
  document.addEventListener('change', (event) => {
    const form = formOf(event.target);
    if (!form) return;
    if (event.target.matches('[data-select-all]')) {
      for (const b of form.querySelectorAll('input[type=checkbox][name=ids]')) b.checked = event.target.checked;
    }
    refresh(form);
  });
  const init = () => document.querySelectorAll('form[data-selection]').forEach(refresh);
  document.addEventListener('htmx:load', init);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
