import type { CurrentUser } from '../../src/http/context';
import { currentReader } from '../../src/format/context';
import { LOCALES, timeZones } from '../../src/format/locales';
import { formatDateTime, formatMoney } from '../../src/format/numbers';
import { CsrfField } from '../components/form';

/** Profile > Numbers and dates: locale and time zone, with a sample of how they read. */
export function ReadingForm({ user, csrf }: { user: CurrentUser; csrf: string }) {
  const reader = currentReader();
  const sample = `${formatMoney('-26831.81', 'EUR')} · ${formatDateTime(new Date(Date.UTC(2026, 2, 5, 13, 30)))}`;
  return (
    <form method="post" action="/profile/reading" class="card" aria-labelledby="reading-title">
      <h2 id="reading-title">Numbers and dates</h2>
      <CsrfField token={csrf} />
      <div class="field">
        <label for="reading-locale">Locale</label>
        <select id="reading-locale" name="locale">
          <option value="" selected={!user.locale}>{`From my browser (now ${LOCALES[reader.locale]})`}</option>
          {Object.entries(LOCALES).map(([tag, name]) => <option value={tag} selected={user.locale === tag}>{`${name} — ${tag}`}</option>)}
        </select>
      </div>
      <div class="field">
        <label for="reading-time-zone">Time zone</label>
        <select id="reading-time-zone" name="timeZone">
          <option value="" selected={!user.timeZone}>UTC (default)</option>
          {timeZones().filter((z) => z !== 'UTC').map((zone) => <option value={zone} selected={user.timeZone === zone}>{zone}</option>)}
        </select>
      </div>
      <p class="muted">{`Amounts and dates read like this: ${sample}. CSV exports and the API stay machine-readable.`}</p>
      <button type="submit" class="primary">Save</button>
    </form>
  );
}
