import { Injectable } from '@nestjs/common';
import { isDamage } from '../read-model/damage.js';

export interface StorageFault {
  code: string;
  message: string;
  at: string;
}

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
    if (typeof code !== 'string' || !isDamage(code)) return;
    if (this.faults.length < 10) this.faults.push({ code, message: String(message), at: new Date().toISOString() });
  }

  list(): readonly StorageFault[] {
    return this.faults;
  }
}
