/**
 * A pupil's contacts for the calling view, kept for a minute: the claimer's card is rendered on every press
 * and every refresh, and contacts change only with an import. Every showing is still audited by the caller.
 */
import type { Contact } from '../domain/pupil';
import type { Repositories } from '../store/repositories';

export class ContactBook {
  private readonly cache = new Map<string, { contacts: Promise<Contact[]>; until: number }>();

  constructor(private readonly options: { repos: Repositories; ttlMs?: number }) {}

  forPupil(urn: string, upn: string): Promise<Contact[]> {
    const key = `${urn}|${upn}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.contacts;
    const contacts = this.options.repos.contacts.forPupil(urn, upn);
    this.cache.set(key, { contacts, until: now + (this.options.ttlMs ?? 60_000) });
    contacts.catch(() => this.cache.delete(key));
    if (this.cache.size > 5_000) this.cache.delete(this.cache.keys().next().value!);
    return contacts;
  }
}
