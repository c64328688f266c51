/*
 * Drag and drop for the Document Groups priority list. Rows carry hidden "order" inputs,
 * so moving a row in the DOM and firing "end" on the form lets htmx post the new order
 * (the form's hx-trigger). Delegated from document, so htmx page swaps need no re-binding.
 */
(function () {
  if (window.apdeskGroupSort) return;
  window.apdeskGroupSort = true;
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
})();
