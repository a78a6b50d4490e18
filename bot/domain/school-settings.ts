/**
 * A school's settings as its attendance lead changes them in the tab: the profile (name, time zone), the
 * register times, the attendance bands and their watchers, review before posting, the minutes a DSL has to
 * acknowledge a concern, and the Entra groups that give roles. Pure: one function checks a change against the
 * school as stored and gives back the school as it would be, with what changed, or every problem by field.
 * The staff list and the calendar are not changed here: they come from their import files.
 */
import { cardClockOf, readCardClock } from './card-clock';
import { findStaff, STAFF_ROLES, type AttendanceBand, type School, type StaffRole } from './school';

export interface SettingsProblem {
  /** The setting at fault as the API names it, e.g. "registerCloseTime" or "bands[1].watcherUpn". */
  field: string;
  message: string;
}

/** The settings the tab may change, each by its name in School. */
export const CHANGEABLE_SETTINGS = [
  'name',
  'timeZone',
  'registerCloseTime',
  'afternoonRegisterCloseTime',
  'notifyByTime',
  'bands',
  'reviewBeforePosting',
  'concernAcknowledgeMinutes',
  'roleGroups',
  'cardClock',
] as const;
export type ChangeableSetting = (typeof CHANGEABLE_SETTINGS)[number];

/** A change as the tab sends it: any of the settings, the rest left as they are. */
export type SettingsChange = Partial<Pick<School, ChangeableSetting>>;

export type SettingsChangeResult = { ok: true; school: School; changes: string[] } | { ok: false; errors: SettingsProblem[] };

/** Where the settings that are not changed here come from, for a message that says so. */
const NOT_HERE: Record<string, string> = {
  urn: "the URN is the school's identity in Firstday and cannot be changed",
  staff: 'the staff list comes from a staff file: import a new one on the Import page',
  terms: 'terms come from a calendar file: import it on the Import page',
  closures: 'closures come from a calendar file: import it on the Import page',
};

export const MAX_BANDS = 8;
export const MIN_ACKNOWLEDGE_MINUTES = 1;
export const MAX_ACKNOWLEDGE_MINUTES = 240;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks `input` (the request body) against `school` and applies it. Every problem is collected, each naming
 * its field; nothing is applied unless there are none.
 */
export function applySettingsChange(school: School, input: unknown): SettingsChangeResult {
  const errors: SettingsProblem[] = [];
  const problem = (field: string, message: string) => errors.push({ field, message });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(request)', message: `send the settings to change as a JSON object, e.g. { "registerCloseTime": "09:10" }` }] };
  }
  const body = input as Record<string, unknown>;
  const keys = Object.keys(body);
  if (keys.length === 0) problem('(request)', 'there is nothing to change: send at least one setting');
  for (const key of keys) {
    if ((CHANGEABLE_SETTINGS as readonly string[]).includes(key)) continue;
    problem(key, NOT_HERE[key] ?? `"${key}" is not a setting Firstday knows: the settings are ${CHANGEABLE_SETTINGS.join(', ')}`);
  }

  const next: School = { ...school };
  if ('name' in body) {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) problem('name', "the school's name is required");
    else if (name.length > 120) problem('name', 'the name is longer than 120 characters');
    else next.name = name;
  }
  if ('timeZone' in body) {
    const zone = typeof body.timeZone === 'string' ? canonicalTimeZone(body.timeZone.trim()) : undefined;
    if (!zone) problem('timeZone', `${quote(body.timeZone)} is not a time zone: use an IANA name such as Europe/London`);
    else next.timeZone = zone;
  }
  for (const field of ['registerCloseTime', 'afternoonRegisterCloseTime', 'notifyByTime'] as const) {
    if (!(field in body)) continue;
    const time = typeof body[field] === 'string' ? parseTime(body[field] as string) : undefined;
    if (!time) problem(field, `${quote(body[field])} is not a time (HH:MM, 24-hour)`);
    else next[field] = time;
  }
  const timesOk = !errors.some((e) => e.field === 'registerCloseTime' || e.field === 'afternoonRegisterCloseTime');
  if (timesOk && next.afternoonRegisterCloseTime <= next.registerCloseTime) {
    const field = 'afternoonRegisterCloseTime' in body ? 'afternoonRegisterCloseTime' : 'registerCloseTime';
    problem(field, `the afternoon register (${next.afternoonRegisterCloseTime}) must close after the morning register (${next.registerCloseTime})`);
  }
  if ('bands' in body) {
    const bands = readBands(school, body.bands, problem);
    if (bands) next.bands = bands;
  }
  if ('reviewBeforePosting' in body) {
    if (typeof body.reviewBeforePosting !== 'boolean') problem('reviewBeforePosting', 'must be true or false');
    else next.reviewBeforePosting = body.reviewBeforePosting;
  }
  if ('concernAcknowledgeMinutes' in body) {
    const m = body.concernAcknowledgeMinutes;
    if (typeof m !== 'number' || !Number.isInteger(m) || m < MIN_ACKNOWLEDGE_MINUTES || m > MAX_ACKNOWLEDGE_MINUTES) {
      problem('concernAcknowledgeMinutes', `${quote(m)} is not a whole number of minutes from ${MIN_ACKNOWLEDGE_MINUTES} to ${MAX_ACKNOWLEDGE_MINUTES}`);
    } else next.concernAcknowledgeMinutes = m;
  }
  if ('cardClock' in body) {
    const read = readCardClock(cardClockOf(school), body.cardClock);
    if (!read.ok) read.errors.forEach((e) => problem(e.field, e.message));
    else next.cardClock = read.clock;
  }
  if ('roleGroups' in body) {
    const groups = readRoleGroups(school, body.roleGroups, problem);
    if (groups) next.roleGroups = groups;
  }
  const deadline = cardClockOf(next).whereaboutsDeadline;
  if (!errors.length && ('cardClock' in body || 'registerCloseTime' in body) && deadline <= next.registerCloseTime) {
    problem('cardClock' in body ? 'cardClock.whereaboutsDeadline' : 'registerCloseTime', `the whereabouts list (${deadline}) must go to the DSLs after the morning register closes (${next.registerCloseTime})`);
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, school: next, changes: describeChanges(school, next) };
}

/** "9:05" or "09:05" as "09:05"; undefined when it is not a 24-hour time. */
export function parseTime(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/** The zone's canonical IANA name, or undefined. Offsets ("+01:00") are refused: they ignore the clocks changing. */
export function canonicalTimeZone(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function readBands(school: School, value: unknown, problem: (field: string, message: string) => void): AttendanceBand[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problem('bands', 'give at least one band: each a percentage, a label and optionally a watcher');
    return undefined;
  }
  if (value.length > MAX_BANDS) {
    problem('bands', `a school has at most ${MAX_BANDS} bands; this has ${value.length}`);
    return undefined;
  }
  let ok = true;
  const bands: AttendanceBand[] = [];
  value.forEach((item: unknown, i) => {
    const at = `bands[${i}]`;
    const b = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const percent = b.belowPercent;
    if (typeof percent !== 'number' || !Number.isFinite(percent) || percent <= 0 || percent > 100) {
      problem(`${at}.belowPercent`, `${quote(percent)} is not a percentage above 0 and at most 100`);
      ok = false;
    } else if (i > 0 && typeof value[i - 1]?.belowPercent === 'number' && percent >= value[i - 1].belowPercent) {
      problem(`${at}.belowPercent`, `${percent}% is not below the band above it (${value[i - 1].belowPercent}%): list the bands highest first, each lower than the last`);
      ok = false;
    }
    const label = typeof b.label === 'string' ? b.label.trim() : '';
    if (!label) {
      problem(`${at}.label`, 'every band needs a label, e.g. "Below 95%"');
      ok = false;
    } else if (label.length > 80) {
      problem(`${at}.label`, 'the label is longer than 80 characters');
      ok = false;
    }
    let watcherUpn: string | undefined;
    if (b.watcherUpn !== undefined && b.watcherUpn !== null && b.watcherUpn !== '') {
      const watcher = typeof b.watcherUpn === 'string' ? findStaff(school, b.watcherUpn.trim()) : undefined;
      if (!watcher) {
        problem(`${at}.watcherUpn`, `${quote(b.watcherUpn)} is not on the school's staff list: choose a member of staff`);
        ok = false;
      } else watcherUpn = watcher.upn;
    }
    if (typeof percent === 'number') bands.push({ belowPercent: Math.round(percent * 10) / 10, label, ...(watcherUpn ? { watcherUpn } : {}) });
  });
  return ok ? bands : undefined;
}

function readRoleGroups(school: School, value: unknown, problem: (field: string, message: string) => void): School['roleGroups'] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('roleGroups', 'send the groups as { "<role>": "<Entra group id>" }, with an empty value to remove one');
    return undefined;
  }
  let ok = true;
  const groups: School['roleGroups'] = { ...school.roleGroups };
  for (const [role, id] of Object.entries(value as Record<string, unknown>)) {
    const field = `roleGroups.${role}`;
    if (!(STAFF_ROLES as readonly string[]).includes(role)) {
      problem(field, `"${role}" is not a role Firstday knows: the roles are ${STAFF_ROLES.join(', ')}`);
      ok = false;
    } else if (id === null || id === undefined || (typeof id === 'string' && !id.trim())) {
      delete groups[role as StaffRole];
    } else if (typeof id !== 'string' || !GUID.test(id.trim())) {
      problem(field, `${quote(id)} is not an Entra group's object id (a GUID such as 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d)`);
      ok = false;
    } else {
      groups[role as StaffRole] = id.trim().toLowerCase();
    }
  }
  if (!ok) return undefined;
  // As the staff import insists: someone must still be able to import the school's data and run its list.
  const keeps = (role: StaffRole) => school.staff.some((s) => s.roles.includes(role)) || Boolean(groups[role]);
  if (!keeps('attendance-lead') && !keeps('attendance-officer')) {
    const removed = (['attendance-lead', 'attendance-officer'] as const).find((r) => school.roleGroups[r] && !groups[r]) ?? 'attendance-lead';
    problem(`roleGroups.${removed}`, 'without this group nobody would be attendance lead or attendance officer: the school must keep one to import its data and run its morning list');
    return undefined;
  }
  return groups;
}

/** What changed, one line a setting, as the audit log records it. */
export function describeChanges(before: School, after: School): string[] {
  const changes: string[] = [];
  const simple: ChangeableSetting[] = ['name', 'timeZone', 'registerCloseTime', 'afternoonRegisterCloseTime', 'notifyByTime', 'reviewBeforePosting', 'concernAcknowledgeMinutes'];
  for (const field of simple) {
    if (before[field] !== after[field]) changes.push(`${field}: ${String(before[field])} → ${String(after[field])}`);
  }
  const bands = (s: School) => s.bands.map((b) => `${b.belowPercent}% "${b.label}"${b.watcherUpn ? ` watched by ${b.watcherUpn}` : ''}`).join(', ');
  if (bands(before) !== bands(after)) changes.push(`bands: ${bands(before)} → ${bands(after)}`);
  for (const role of STAFF_ROLES) {
    if ((before.roleGroups[role] ?? '') !== (after.roleGroups[role] ?? '')) changes.push(`roleGroups.${role}: ${before.roleGroups[role] ?? 'none'} → ${after.roleGroups[role] ?? 'none'}`);
  }
  const clockBefore = cardClockOf(before);
  const clockAfter = cardClockOf(after);
  for (const key of Object.keys(clockAfter) as (keyof typeof clockAfter)[]) {
    if (clockBefore[key] !== clockAfter[key]) changes.push(`cardClock.${key}: ${String(clockBefore[key])} → ${String(clockAfter[key])}`);
  }
  return changes;
}

function quote(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === undefined ? 'nothing' : JSON.stringify(value);
}
