import { h } from '../dom.js';
import type { FieldProblem } from './service.js';

let serial = 0;

/**
 * A form whose inputs are named by the path of the field they fill (`sources.0.quote`), so each
 * error of the service's problem+json is shown at its field; one it cannot place is shown above the
 * buttons, never dropped.
 */
export class Form {
  readonly element: HTMLFormElement;
  private readonly fields = new Map<string, { input: HTMLElement; error: HTMLElement }>();
  private readonly general: HTMLElement;

  constructor(label: string) {
    this.general = h('div', { class: 'form-errors', role: 'alert' });
    this.element = h('form', { class: 'editor-form', 'aria-label': label, novalidate: true });
  }

  /** A labelled input for `path`, with a place for its error. */
  field(path: string, label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string) {
    const id = `field-${++serial}`;
    input.id = id;
    input.name = path;
    input.dataset.path = path;
    const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': path });
    error.hidden = true;
    input.setAttribute('aria-describedby', `${id}-error`);
    this.fields.set(path, { input, error });
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      input,
      hint ? h('span', { class: 'hint' }, hint) : '',
      error,
    );
  }

  value(path: string): string {
    const input = this.fields.get(path)?.input as HTMLInputElement | undefined;
    return input?.value.trim() ?? '';
  }

  set(path: string, value: string): void {
    const input = this.fields.get(path)?.input as HTMLInputElement | undefined;
    if (input) input.value = value;
  }

  paths(): string[] {
    return [...this.fields.keys()];
  }

  drop(prefix: string): void {
    for (const path of [...this.fields.keys()]) if (path.startsWith(prefix)) this.fields.delete(path);
  }

  errorsArea(): HTMLElement {
    return this.general;
  }

  clearErrors(): void {
    this.general.replaceChildren();
    for (const { input, error } of this.fields.values()) {
      input.removeAttribute('aria-invalid');
      error.hidden = true;
      error.textContent = '';
    }
  }

  /** Puts each error at its field: the field itself, the first field under it, or the nearest above it. */
  showErrors(errors: FieldProblem[], detail?: string): void {
    this.clearErrors();
    const unplaced: string[] = [];
    for (const problem of errors) {
      const path = this.placeOf(problem.path);
      const field = path === undefined ? undefined : this.fields.get(path);
      if (!field) {
        unplaced.push(`${problem.path}: ${problem.message}`);
        continue;
      }
      field.input.setAttribute('aria-invalid', 'true');
      field.error.hidden = false;
      field.error.textContent = [field.error.textContent, problem.message].filter(Boolean).join('; ');
    }
    if (unplaced.length > 0 || (errors.length === 0 && detail))
      this.general.replaceChildren(
        ...(detail ? [h('p', {}, detail)] : []),
        ...unplaced.map((text) => h('p', {}, text)),
      );
    const first = [...this.fields.values()].find((f) => !f.error.hidden)?.input;
    first?.focus();
  }

  private placeOf(path: string): string | undefined {
    const paths = [...this.fields.keys()];
    return (
      paths.find((p) => p === path) ??
      paths.find((p) => p.startsWith(`${path}.`)) ??
      paths.filter((p) => path.startsWith(`${p}.`)).sort((a, b) => b.length - a.length)[0]
    );
  }
}

export const input = (attributes: Record<string, string> = {}) => h('input', { type: 'text', ...attributes });

export function select(options: [string, string][], attributes: Record<string, string> = {}): HTMLSelectElement {
  return h('select', attributes, ...options.map(([value, label]) => h('option', { value }, label)));
}
