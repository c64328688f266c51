import { filterQuery, type Filters } from '../../src/invoices/filters';
import type { SavedView } from '../../src/invoices/saved-views';
import { CsrfField } from '../components/form';

/** The user's saved views as tabs (a view is a filter set with a name), and a small form to save the current one. */
export function SavedViewTabs({ views, filters: f, csrf, oob }: { views: SavedView[]; filters: Filters; csrf: string; oob?: boolean }) {
  if (f.view === 'complete') return null;
  const current = filterQuery(f);
  const matching = views.find((view) => view.query === current);
  return (
    <nav id="saved-views" class="saved-views no-print" aria-label="Saved views" hx-swap-oob={oob ? 'true' : undefined}>
      <ul>
        <li><a href="/invoices" aria-current={current === '' ? 'page' : undefined}>All open</a></li>
        {views.map((view) => (
          <li><a href={`/invoices${view.query ? `?${view.query}` : ''}`} aria-current={view === matching ? 'page' : undefined}>{view.name}</a></li>
        ))}
      </ul>
      {current !== '' && !matching && (
        <form method="post" action="/invoices/views" class="save-view" hx-boost="false">
          <CsrfField token={csrf} />
          <input type="hidden" name="list_query" value={current} />
          <label for="save-view-name" class="visually-hidden">Name of this view</label>
          <input id="save-view-name" name="name" type="text" maxlength={60} placeholder="Name this view" required />
          <button type="submit">Save view</button>
        </form>
      )}
      {matching && (
        <form method="post" action={`/invoices/views/${matching.id}/delete`} class="save-view" hx-boost="false">
          <CsrfField token={csrf} />
          <button type="submit" class="link">{`Delete view “${matching.name}”`}</button>
        </form>
      )}
    </nav>
  );
}
