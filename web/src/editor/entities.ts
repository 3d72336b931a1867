import type { Entity } from '../api.js';

/** Fields whose value names an organisation or government (`party` or `subject` in the catalogue). */
export const PARTY_FIELDS = new Set([
  'owner',
  'licensor',
  'licensee',
  'acquirer',
  'target',
  'blockedBy',
  'company',
  'issuer',
  'coIssuers',
  'investor',
  'reporter',
  'participants',
  'parties',
  'targets',
]);

/**
 * Who a person means by what they typed: an id as it is (`org:byd`, `country:HU`), else the entity
 * whose name or alias it is, ignoring case; unknown words are sent as typed, for the service to name.
 */
export class EntityBook {
  entities: Entity[] = [];

  resolve(text: string): string {
    const word = text.trim();
    if (/^(org|gov|country|region):/.test(word)) return word;
    const folded = word.toLowerCase();
    const match = this.entities.find(
      (e) => e.name.toLowerCase() === folded || e.aliases.some((a) => a.toLowerCase() === folded),
    );
    return match?.entityId ?? word;
  }

  /** The choices a datalist offers: each entity by name. */
  options(): HTMLOptionElement[] {
    return this.entities.map((e) => {
      const option = document.createElement('option');
      option.value = e.name;
      option.label = `${e.name} (${e.entityId})${e.aliases.length ? ` — also ${e.aliases.join(', ')}` : ''}`;
      return option;
    });
  }
}
