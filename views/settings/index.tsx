import type { CurrentUser } from '../../src/http/context';
import { settingsPagesOf } from '../../src/settings/pages';
import { PageHeader } from '../components/form';

export function SettingsPage({ user }: { user: CurrentUser }) {
  return (
    <>
      <PageHeader title="Settings" />
      <ul role="list" class="settings-list">
        {settingsPagesOf(user).map((page) => (
          <li class="card"><a href={page.href}><strong>{page.title}</strong></a><p class="muted">{page.blurb}</p></li>
        ))}
      </ul>
    </>
  );
}
