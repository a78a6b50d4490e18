/**
 * Outside Teams there is no SSO: when the server allows the development sign-in (DEV_SIGN_IN=true, on
 * loopback) a developer picks one of the school's staff to act as. Otherwise the page says to use Teams.
 */
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { fetchDevStaff, type DevStaff } from './api-client';
import { STAFF_ROLE_LABELS, type StaffRole } from '../../bot/domain/school';
import { Section } from './ui';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(16rem, 1fr))', gap: tokens.spacingHorizontalS },
  pick: { justifyContent: 'flex-start', textAlign: 'start', height: 'auto', padding: tokens.spacingHorizontalM },
});

export function describeRoles(roles: string[], yearGroups: number[]): string {
  return roles.map((r) => (r === 'head-of-year' && yearGroups.length ? `Head of year ${yearGroups.join(', ')}` : STAFF_ROLE_LABELS[r as StaffRole] ?? r)).join(', ');
}

export function DevSignIn(props: { onSignIn: (upn: string) => void }) {
  const s = useStyles();
  const [staff, setStaff] = useState<DevStaff | null>();
  useEffect(() => {
    fetchDevStaff().then((d) => setStaff(d ?? null), () => setStaff(null));
  }, []);
  if (staff === undefined) return <Spinner label="Looking for the development sign-in…" />;
  if (staff === null) {
    return <Text>Open this tab in Microsoft Teams to sign in. (For local development, start the server with DEV_SIGN_IN=true.)</Text>;
  }
  return (
    <>
      {staff.schools.map((school) => (
        <Section key={school.urn} id={`dev-${school.urn}`} title={`Development sign-in: ${school.name}`} hint="Outside Teams, choose the member of staff to act as. This is refused in production.">
          <div className={s.grid}>
            {school.staff.map((m) => (
              <Button key={m.upn} className={s.pick} onClick={() => props.onSignIn(m.upn)}>
                {m.displayName} · {describeRoles(m.roles, m.yearGroups)}
              </Button>
            ))}
          </div>
        </Section>
      ))}
    </>
  );
}
