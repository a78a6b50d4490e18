/**
 * Binding a staff list entry to the Entra object id of the person behind its UPN. The UPN is used once, to
 * bind; from then on the object id is what identifies them, so an entry already bound to someone else is never
 * rebound, and one object id binds one entry. The school row is written under its ETag: a staff import that
 * lands at the same moment is read again and the binding applied to the new list (or dropped, if they left).
 */
import type { School } from '../domain/school';
import type { Logger } from '../platform/logger';
import { ConcurrencyError } from '../store/errors';
import type { Repositories } from '../store/repositories';

export interface Binding {
  upn: string;
  aadObjectId: string;
}

export interface BindResult {
  /** Entries bound by this call. */
  bound: Binding[];
  /** UPNs whose entry is bound to a different object id: left alone. */
  conflicts: Binding[];
  /** The school as stored afterwards. */
  school?: School;
}

/** The staff list with the bindings applied, and what happened to each. Pure. */
export function applyBindings(school: School, bindings: Binding[]): BindResult {
  const bound: Binding[] = [];
  const conflicts: Binding[] = [];
  const staff = school.staff.map((s) => ({ ...s }));
  for (const b of bindings) {
    const id = b.aadObjectId.toLowerCase();
    const entry = staff.find((s) => s.upn.toLowerCase() === b.upn.toLowerCase());
    if (!entry) continue;
    if (entry.aadObjectId) {
      if (entry.aadObjectId.toLowerCase() !== id) conflicts.push(b);
      continue;
    }
    if (staff.some((s) => s.aadObjectId?.toLowerCase() === id)) {
      conflicts.push(b);
      continue;
    }
    entry.aadObjectId = b.aadObjectId;
    bound.push(b);
  }
  return { bound, conflicts, school: bound.length ? { ...school, staff } : school };
}

export async function bindObjectIds(repos: Repositories, logger: Logger, urn: string, bindings: Binding[]): Promise<BindResult> {
  for (let attempt = 1; ; attempt++) {
    const stored = await repos.schools.get(urn);
    if (!stored) return { bound: [], conflicts: [] };
    const result = applyBindings(stored.value, bindings);
    if (result.conflicts.length && attempt === 1) {
      logger.warn(`${result.conflicts.length} member(s) of staff at school ${urn} match a staff list entry by UPN that is already bound to another Entra object id; left as they are`, {
        urn,
        upns: result.conflicts.map((c) => c.upn).join(', '),
      });
    }
    if (!result.bound.length) return { ...result, school: stored.value };
    try {
      await repos.schools.replace(result.school!, stored.etag);
      return result;
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= 10) throw err;
    }
  }
}
