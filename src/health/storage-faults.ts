import { Injectable } from '@nestjs/common';

export interface StorageFault {
  code: string;
  message: string;
  at: string;
}

const DAMAGE = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Damage to a database file met while answering a request. A damaged file does not mend itself,
 * so what is noted here keeps the service unready until it is restarted on repaired files.
 */
@Injectable()
export class StorageFaults {
  private readonly faults: StorageFault[] = [];

  /** Notes the error if it reports a damaged file. */
  note(error: unknown): void {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code !== 'string' || !DAMAGE.has(code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1'))) return;
    if (this.faults.length < 10) this.faults.push({ code, message: String(message), at: new Date().toISOString() });
  }

  list(): readonly StorageFault[] {
    return this.faults;
  }
}
