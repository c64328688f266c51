/*
 * Document Groups pages.
 *
 * Drag and drop for the priority list. Rows carry hidden "order" inputs,
 * so moving a row in the DOM and firing "end" on the form lets htmx post the new order
 * (the form's hx-trigger). Delegated from document, so htmx page swaps need no re-binding.
 */
(function () {
  if (window.apdeskGroups) return;
  window.apdeskGroups = true;
  let dragged = null;

  document.addEventListener('dragstart', (event) => {
    const row = event.target.closest && event.target.closest('[data-sortable] > tr[draggable="true"]');
    if (!row) return;
    dragged = row;
    row.classList.add('dragging');
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', row.dataset.id || '');
  });

  document.addEventListener('dragover', (event) => {
    if (!dragged) return;
    const row = event.target.closest && event.target.closest('[data-sortable] > tr');
    if (!row || row === dragged || row.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    const box = row.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    row.parentElement.insertBefore(dragged, after ? row.nextSibling : row);
  });

  document.addEventListener('drop', (event) => {
    if (dragged) event.preventDefault();
  });

  document.addEventListener('dragend', () => {
    if (!dragged) return;
    const form = dragged.closest('form');
    dragged.classList.remove('dragging');
    dragged = null;
    if (form && window.htmx) window.htmx.trigger(form, 'end');
  });

  // The condition editor is redrawn by the server after a field or operator change. Whatever the
  // user typed into a value box while that request was on its way would be overwritten by the
  // answer (it carries the values as sent), so it is put back into the redrawn box of the same name.
  // Not after a removal: row names shift then, and the typed text could land in another row.
  const isEditor = (event) => event.detail.target && event.detail.target.id === 'condition-editor';
  const valueBoxes = (root) => root.querySelectorAll('input[type="text"][name$=".value"], input[type="date"][name$=".value"]');
  let sent = null;
  let typed = null;

  document.addEventListener('htmx:beforeRequest', (event) => {
    if (!isEditor(event)) return;
    const trigger = event.detail.elt;
    const removal = trigger && typeof trigger.value === 'string' && trigger.value.startsWith('remove:');
    sent = removal ? null : new Map(Array.from(valueBoxes(event.detail.target), (box) => [box.name, box.value]));
  });

  document.addEventListener('htmx:beforeSwap', (event) => {
    if (!isEditor(event) || !sent) return;
    typed = new Map();
    for (const box of valueBoxes(event.detail.target)) {
      if (sent.has(box.name) && sent.get(box.name) !== box.value) typed.set(box.name, { type: box.type, value: box.value });
    }
    sent = null;
  });

  document.addEventListener('htmx:afterSwap', () => {
    if (!typed || typed.size === 0) return;
    const editor = document.getElementById('condition-editor');
    if (editor) {
      for (const box of valueBoxes(editor)) {
        const kept = typed.get(box.name);
        if (kept && kept.type === box.type) box.value = kept.value;
      }
    }
    typed = null;
  });
})();
