/**
 * Structured JSON log lines. Callers pass ids and counts, never pupil names, contact details or
 * concern text: the log leaves the school's control (Application Insights, the host's log store).
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export class JsonLogger implements Logger {
  constructor(private readonly options: { write?: (line: string) => void; base?: LogFields } = {}) {}

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  private log(level: string, message: string, fields?: LogFields): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...this.options.base, ...fields });
    (this.options.write ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
  }
}
