import type { Entity } from './api.js';
import { h } from './dom.js';
import { countryName } from './names.js';

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Entities whose name, an alias or id contains the text; names that start with it first. */
export function findEntities(entities: Entity[], text: string, limit = 8): Entity[] {
  const wanted = fold(text.trim());
  if (!wanted) return [];
  const scored = entities.flatMap((entity) => {
    const names = [entity.name, ...entity.aliases, entity.entityId].map(fold);
    if (!names.some((n) => n.includes(wanted))) return [];
    return [{ entity, score: names.some((n) => n.startsWith(wanted)) ? 0 : 1 }];
  });
  return scored
    .sort((a, b) => a.score - b.score || a.entity.name.localeCompare(b.entity.name))
    .slice(0, limit)
    .map((s) => s.entity);
}

/** A combobox over the entity registry (ARIA 1.2 pattern): type, arrow to a result, Enter to choose. */
export class EntitySearch {
  private results: Entity[] = [];
  private active = -1;
  entities: Entity[] = [];

  constructor(
    private readonly input: HTMLInputElement,
    private readonly list: HTMLElement,
    private readonly onChoose: (entity: Entity) => void,
  ) {
    input.addEventListener('input', () => this.update());
    input.addEventListener('keydown', (event) => this.key(event));
    input.addEventListener('blur', () => setTimeout(() => this.hide(), 150));
  }

  private update(): void {
    this.results = findEntities(this.entities, this.input.value);
    this.active = -1;
    this.list.replaceChildren(
      ...this.results.map((entity, i) => {
        const option = h(
          'li',
          { role: 'option', id: `search-option-${i}`, 'aria-selected': 'false' },
          entity.name,
          h(
            'span',
            { class: 'alias' },
            ` ${entity.aliases.length ? `(${entity.aliases.join(', ')}) ` : ''}`,
            `· ${countryName(entity.homeCountry)}`,
          ),
        );
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.choose(i);
        });
        return option;
      }),
    );
    if (this.input.value.trim() && this.results.length === 0)
      this.list.replaceChildren(h('li', { class: 'none' }, 'No organisation or government by that name'));
    this.list.hidden = this.input.value.trim() === '';
    this.input.setAttribute('aria-expanded', String(!this.list.hidden));
  }

  private key(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (this.results.length === 0) return;
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.results.length) % this.results.length;
      [...this.list.children].forEach((option, i) => option.setAttribute('aria-selected', String(i === this.active)));
      this.input.setAttribute('aria-activedescendant', `search-option-${this.active}`);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.choose(this.active >= 0 ? this.active : 0);
    } else if (event.key === 'Escape') {
      this.hide();
    }
  }

  private choose(index: number): void {
    const entity = this.results[index];
    if (!entity) return;
    this.input.value = '';
    this.hide();
    this.onChoose(entity);
  }

  private hide(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
