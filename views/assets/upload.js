// Drop zone for the My Invoices upload form: files dropped on [data-dropzone] go into its
// file input and the form is submitted (htmx posts it in place). Without this script the
// form still works as a plain file upload. htmx may run this file again after a boosted
// navigation, so the listeners are installed once.
(() => {
  if (window.apdeskDropZone) return;
  window.apdeskDropZone = true;
  const zoneOf = (event) => event.target instanceof Element && event.target.closest('[data-dropzone]');
  const highlight = (zone, on) => { zone.style.outline = on ? '3px dashed #0f5cc0' : ''; };
  document.addEventListener('dragover', (event) => {
    const zone = zoneOf(event);
    if (!zone) return;
    event.preventDefault();
    highlight(zone, true);
  });
  document.addEventListener('dragleave', (event) => {
    const zone = zoneOf(event);
    if (zone) highlight(zone, false);
  });
  document.addEventListener('drop', (event) => {
    const zone = zoneOf(event);
    if (!zone || !event.dataTransfer || event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    highlight(zone, false);
    zone.querySelector('input[type=file]').files = event.dataTransfer.files;
    zone.requestSubmit();
  });
  // after an in-place upload the chosen files are done with: clear the input for the next batch
  // (the company stays chosen)
  document.addEventListener('htmx:afterRequest', (event) => {
    const form = event.target instanceof Element && event.target.closest('[data-dropzone]');
    const input = form && form.querySelector('input[type=file]');
    if (input && event.detail.successful) input.value = '';
  });
})();
