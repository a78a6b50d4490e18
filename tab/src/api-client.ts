/**
 * The tab's calls to its API. Every request carries the sign-in (the Teams SSO token, or the development
 * sign-in outside Teams); changes to an existing thing carry If-Match with the ETag last read. A refusal
 * comes back as an ApiError with the server's message, the field at fault, and what is missing.
 */
import type { MeResponse } from '../../bot/api/api-types';
import type { CaseListResponse, PupilSearchResponse } from '../../bot/api/api-types';
import type { CaseView } from '../../bot/api/api-types';
import type { SchoolAttendanceView } from '../../bot/api/api-types';
import type { BaselineOpenResponse, BaselineView } from '../../bot/api/api-types';
import type { AuditEvent } from '../../bot/domain/audit-event';
import type { ImportStatusView, SettingsView } from '../../bot/api/api-types';
import type { SettingsChange } from '../../bot/domain/school-settings';
import type { ImportResult } from '../../bot/import/import-types';
import type { ReferralBlocker } from '../../bot/domain/cases/escalation-checklist';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly blockers?: ReferralBlocker[],
    readonly body?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface DevStaff {
  schools: { urn: string; name: string; staff: { upn: string; displayName: string; roles: string[]; yearGroups: number[] }[] }[];
}

export interface CaseFilters {
  stage?: string;
  band?: string;
  due?: string;
  q?: string;
  mine?: boolean;
  status?: string;
}

export class ApiClient {
  constructor(private readonly authorization: () => Promise<string>) {}

  private async call<T>(method: string, path: string, options: { body?: unknown; etag?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { authorization: await this.authorization(), accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.etag) headers['if-match'] = options.etag;
    const res = await fetch(`/api${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new ApiError(res.status, String(body.error ?? res.statusText), body.field as string | undefined, body.blockers as ReferralBlocker[] | undefined, body);
    return body as T;
  }

  me(): Promise<MeResponse> {
    return this.call('GET', '/me');
  }

  cases(urn: string, filters: CaseFilters): Promise<CaseListResponse> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '' && v !== false) q.set(k, String(v));
    return this.call('GET', `/schools/${urn}/cases${q.size ? `?${q}` : ''}`);
  }

  schoolAttendance(urn: string): Promise<SchoolAttendanceView> {
    return this.call('GET', `/schools/${urn}/attendance`);
  }

  searchPupils(urn: string, q: string): Promise<PupilSearchResponse> {
    return this.call('GET', `/schools/${urn}/pupils?q=${encodeURIComponent(q)}`);
  }

  openCase(urn: string, upn: string, reason: string): Promise<CaseView> {
    return this.call('POST', `/schools/${urn}/cases`, { body: { upn, reason } });
  }

  case(urn: string, upn: string): Promise<CaseView> {
    return this.call('GET', `/schools/${urn}/cases/${upn}`);
  }

  audit(urn: string, upn: string): Promise<{ events: AuditEvent[] }> {
    return this.call('GET', `/schools/${urn}/cases/${upn}/audit`);
  }

  /** A change to the case: POST/PUT/PATCH/DELETE under /cases/:upn, returning the case as it now stands. */
  change(urn: string, upn: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, etag?: string): Promise<CaseView> {
    return this.call(method, `/schools/${urn}/cases/${upn}${path}`, { body, etag });
  }

  /** The year's baseline: each band's pupils already in it when the figures began. */
  baseline(urn: string): Promise<BaselineView> {
    return this.call('GET', `/schools/${urn}/baseline`);
  }

  /** Opens the Support First cases of every pupil in a band's baseline (the attendance lead only). */
  openBaselineCases(urn: string, academicYear: number, belowPercent: number): Promise<BaselineOpenResponse> {
    return this.call('POST', `/schools/${urn}/baseline/${belowPercent}/cases`, { body: { year: academicYear } });
  }

  /** The school's settings (the attendance lead and the trust's administrators). */
  settings(urn: string): Promise<SettingsView> {
    return this.call('GET', `/schools/${urn}/settings`);
  }

  /** Changes some settings, from the reading whose ETag is given; returns the settings as they now stand. */
  changeSettings(urn: string, change: SettingsChange, etag: string): Promise<SettingsView> {
    return this.call('PATCH', `/schools/${urn}/settings`, { body: change, etag });
  }

  /** The kinds of file the import takes and the last import of each. */
  importStatus(urn: string): Promise<ImportStatusView> {
    return this.call('GET', `/schools/${urn}/settings/imports`);
  }

  /**
   * Sends files to the import (or only to be checked). XMLHttpRequest rather than fetch: it reports upload
   * progress, which matters for a year of marks. Answers with the import's result for 200 and for 400 with
   * the files' problems; anything else is an ApiError with the server's message.
   */
  async sendImport(
    urn: string,
    files: { kind: string; name: string; contentBase64: string }[],
    options: { checkOnly: boolean; onUploadProgress?: (fraction: number) => void; onUploaded?: () => void },
  ): Promise<ImportResult> {
    const authorization = await this.authorization();
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/schools/${urn}/imports${options.checkOnly ? '?check=true' : ''}`);
      xhr.setRequestHeader('authorization', authorization);
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) options.onUploadProgress?.(e.loaded / e.total);
      };
      xhr.upload.onload = () => options.onUploaded?.();
      xhr.onerror = () => reject(new ApiError(0, 'The files could not be sent: check the connection and try again.'));
      xhr.onload = () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(xhr.responseText) as Record<string, unknown>;
        } catch {
          // Not JSON (a proxy's error page): the status says enough.
        }
        if (xhr.status === 200 || (xhr.status === 400 && body.status === 'rejected')) resolve(body as unknown as ImportResult);
        else reject(new ApiError(xhr.status, String(body.error ?? body.message ?? xhr.statusText), undefined, undefined, body));
      };
      xhr.send(JSON.stringify({ files }));
    });
  }
}

/** The development sign-in's staff list (404 when it is not available). */
export async function fetchDevStaff(): Promise<DevStaff | undefined> {
  const res = await fetch('/api/dev/staff');
  return res.ok ? ((await res.json()) as DevStaff) : undefined;
}
