import { dayWords, isDay } from './dates.js';

/**
 * The typed date: a day within the timeline's span moves the page there; anything else is explained
 * next to the field once the reader leaves it or presses Enter, never while they are still typing.
 */
export class DateField {
  private first = '';
  private last = '';

  constructor(
    private readonly input: HTMLInputElement,
    private readonly problem: HTMLElement,
    private readonly onDay: (day: string) => void,
  ) {
    input.addEventListener('change', () => {
      if (this.check() === undefined) {
        this.say(undefined);
        this.onDay(input.value);
      }
    });
    input.addEventListener('blur', () => this.say(this.check()));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.say(this.check());
    });
  }

  setSpan(first: string, last: string): void {
    this.first = first;
    this.last = last;
    this.input.min = first;
    this.input.max = last;
  }

  show(day: string): void {
    if (document.activeElement !== this.input) this.input.value = day;
    this.say(undefined);
  }

  /** Why the field's text is not a day the page can show, or undefined when it is. */
  private check(): string | undefined {
    const value = this.input.value;
    const span = `between ${dayWords(this.first)} and ${dayWords(this.last)}`;
    if (!isDay(value)) return `Type a whole day (day, month and year) ${span}.`;
    if (value < this.first || value > this.last)
      return `${dayWords(value)} is outside the timeline: choose a day ${span}.`;
    return undefined;
  }

  private say(problem: string | undefined): void {
    this.problem.textContent = problem ?? '';
    this.problem.hidden = problem === undefined;
    if (problem) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }
}
