export const ErrorPage = ({ title, message, requestId }: { title: string; message: string; requestId?: string }) => (
  <section class="error-page">
    <h1>{title}</h1>
    <p>{message}</p>
    {requestId && <p class="muted"><small>{`Reference: ${requestId}`}</small></p>}
    <p><a href="/">Back to apdesk</a></p>
  </section>
);
