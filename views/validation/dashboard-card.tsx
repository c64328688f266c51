/** The dashboard's count of open invoices failing EN 16931, by rule (src/validation/page-data.ts). */
export function FailingByRule({ rows }: { rows: { ruleId: string; count: number }[] }) {
  if (rows.length === 0) return null;
  return (
    <section class="card" aria-labelledby="d-validation">
      <h2 id="d-validation">Failing EN 16931, by rule</h2>
      <ul role="list" class="plain">
        {rows.map((r) => (
          <li data-rule={r.ruleId}><strong>{r.count}</strong>{` ${r.ruleId}`}</li>
        ))}
      </ul>
      <p><a href="/invoices?flagged=invalid">See the invoices that fail validation</a></p>
    </section>
  );
}
