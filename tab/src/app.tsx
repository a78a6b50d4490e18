/**
 * The tab: Fluent UI in the theme Teams is showing (light, dark or high contrast, following changes),
 * signed in with Teams SSO or, outside Teams, the development sign-in. The manifest's URLs say which tab
 * this is (?view=my-cases, ?view=cases, ?view=config for the channel tab's configuration); within it the
 * hash chooses the page: #/cases (the list), #/cases/<UPN> (a case), #/school (the school's attendance,
 * offered to those who see the whole school), #/settings (the attendance lead and the trust's administrators)
 * or #/import (the attendance lead and officers). A deep link's sub-entity id opens the pupil's case.
 */
import {
  Button,
  FluentProvider,
  Link,
  Select,
  Spinner,
  Text,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  type Theme,
} from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MeResponse } from '../../bot/api/api-types';
import { CASE_TAB_ENTITY_IDS, pupilFromSubEntityId } from '../../bot/domain/cases/case-deep-link';
import { ApiClient } from './api-client';
import { CaseList } from './cases/case-list';
import { CasePage } from './cases/case-page';
import { DevSignIn } from './dev-sign-in';
import { ImportPage } from './import/import-page';
import { SchoolPage } from './school/school-page';
import { SettingsPage } from './settings/settings-page';
import { registerChannelTabConfig, type Host, type ThemeName } from './host';
import { ErrorBar } from './ui';

const THEMES: Record<ThemeName, Theme> = { light: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

const useStyles = makeStyles({
  provider: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  main: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`, maxWidth: '90rem' },
  local: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  nav: { display: 'flex', gap: tokens.spacingHorizontalL, padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL} 0` },
  current: { fontWeight: tokens.fontWeightSemibold, textDecorationLine: 'underline', textUnderlineOffset: '4px' },
});

/** Roles that see the whole school, and so its attendance figures. */
const WHOLE_SCHOOL = ['attendance-lead', 'dsl', 'deputy-dsl'];
/** Roles the server lets import a school's files. */
const IMPORTERS = ['attendance-lead', 'attendance-officer'];

function useHashRoute(): [string, (to: string) => void] {
  const [hash, setHash] = useState(window.location.hash || '#/cases');
  useEffect(() => {
    const onChange = () => setHash(window.location.hash || '#/cases');
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((to: string) => {
    window.location.hash = to;
  }, []);
  return [hash, go];
}

const DEV_KEY = 'firstday.devSignIn';

export function App(props: { host: Host }) {
  const { host } = props;
  const s = useStyles();
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  const [route, go] = useHashRoute();
  const [devUpn, setDevUpn] = useState<string | null>(() => window.sessionStorage.getItem(DEV_KEY));
  const [me, setMe] = useState<MeResponse>();
  const [meError, setMeError] = useState<unknown>();
  // A trust administrator may open any school's settings; everyone else has the one school they work at.
  const [settingsUrn, setSettingsUrn] = useState<string>();

  useEffect(() => host.onThemeChange(setTheme), [host]);
  useEffect(() => {
    const upn = pupilFromSubEntityId(host.context.subPageId);
    if (upn) go(`#/cases/${upn}`);
  }, [host, go]);

  const signedIn = host.mode === 'teams' || Boolean(devUpn);
  const client = useMemo(
    () => new ApiClient(async () => (host.mode === 'teams' ? `Bearer ${await host.getToken()}` : `DevSignIn ${devUpn ?? ''}`)),
    [host, devUpn],
  );

  useEffect(() => {
    if (!signedIn) return;
    setMe(undefined);
    setMeError(undefined);
    client.me().then(setMe, setMeError);
  }, [client, signedIn]);

  const chooseTheme = (t: ThemeName) => {
    setTheme(t);
    window.localStorage.setItem('firstday.theme', t);
  };
  const signInAs = (upn: string | null) => {
    if (upn) window.sessionStorage.setItem(DEV_KEY, upn);
    else window.sessionStorage.removeItem(DEV_KEY);
    setDevUpn(upn);
  };

  const view = new URLSearchParams(window.location.search).get('view');
  const isConfig = view === 'config' || host.context.frameContext === 'settings';
  const personal = view !== 'cases' && host.context.pageId !== CASE_TAB_ENTITY_IDS.channel;
  const school = me?.schools[0];
  const caseMatch = /^#\/cases\/([A-Za-z0-9]{13})$/.exec(route);
  const seesSchool = Boolean(school?.roles.some((r) => WHOLE_SCHOOL.includes(r)));
  const mayImport = Boolean(school?.roles.some((r) => IMPORTERS.includes(r)));
  const settingsSchools = me?.trustAdmin ? (me.allSchools ?? []) : school?.roles.includes('attendance-lead') ? [{ urn: school.urn, name: school.name }] : [];
  const mayChangeSettings = settingsSchools.length > 0;
  const nav = [
    ...(school ? [{ href: '#/cases', label: 'Cases' }] : []),
    ...(seesSchool ? [{ href: '#/school', label: 'School attendance' }] : []),
    ...(mayImport ? [{ href: '#/import', label: 'Import' }] : []),
    ...(mayChangeSettings ? [{ href: '#/settings', label: 'Settings' }] : []),
  ];
  // A page's link is current when the route is that page (a case belongs to Cases).
  const currentHref = nav.find((n) => n.href === route)?.href ?? (school ? '#/cases' : mayChangeSettings ? '#/settings' : undefined);

  let page;
  if (isConfig) page = <ConfigPage />;
  else if (!signedIn) page = <DevSignIn onSignIn={signInAs} />;
  else if (meError) page = <ErrorBar error={meError} title="Could not sign you in" />;
  else if (!me) page = <Spinner label="Signing in…" />;
  else if (currentHref === '#/settings' && mayChangeSettings) {
    const urn = settingsSchools.some((sc) => sc.urn === settingsUrn) ? settingsUrn! : (settingsSchools.find((sc) => sc.urn === school?.urn) ?? settingsSchools[0]).urn;
    page = <SettingsPage client={client} urn={urn} schools={me.trustAdmin ? settingsSchools : undefined} onChooseSchool={setSettingsUrn} />;
  } else if (!school) page = <Text>You are not on the staff list of any school in Firstday. Ask your attendance lead to add you.</Text>;
  else if (route === '#/import' && mayImport) page = <ImportPage client={client} urn={school.urn} />;
  else if (caseMatch) page = <CasePage client={client} urn={school.urn} upn={caseMatch[1].toUpperCase()} onBack={() => go('#/cases')} />;
  else if (route === '#/school') page = <SchoolPage client={client} urn={school.urn} onOpen={(upn) => go(`#/cases/${upn}`)} />;
  else page = <CaseList client={client} urn={school.urn} personal={personal} onOpen={(upn) => go(`#/cases/${upn}`)} />;
  const titles: Record<string, string> = { '#/school': 'School attendance', '#/settings': 'Settings', '#/import': 'Import' };
  const title = (currentHref && titles[currentHref]) ?? (personal ? 'My cases' : 'Cases');

  return (
    <FluentProvider theme={THEMES[theme]} className={s.provider}>
      <header className={s.header}>
        <h1 className={s.title}>
          {title}
          {school ? ` · ${school.name}` : ''}
        </h1>
        {me && <Text>Signed in as {me.name}</Text>}
        {host.mode === 'local' && (
          <div className={s.local}>
            <label htmlFor="theme-picker">Theme</label>
            <Select id="theme-picker" value={theme} onChange={(_, d) => chooseTheme(d.value as ThemeName)}>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
              <option value="contrast">High contrast</option>
            </Select>
            {devUpn && (
              <Button appearance="subtle" onClick={() => signInAs(null)}>
                Switch user
              </Button>
            )}
          </div>
        )}
      </header>
      {nav.length > 1 && !isConfig && (
        <nav className={s.nav} aria-label="Firstday">
          {nav.map((n) => (
            <Link key={n.href} href={n.href} className={n.href === currentHref ? s.current : undefined} aria-current={n.href === currentHref ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
      )}
      <main className={s.main}>{page}</main>
    </FluentProvider>
  );
}

function ConfigPage() {
  useEffect(() => void registerChannelTabConfig(`${window.location.origin}/tab/index.html?view=cases`), []);
  return <Text>This tab shows the school's Support First cases to the staff who may see them. Select Save to add it to the channel.</Text>;
}
