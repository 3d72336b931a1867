import type { Certainty, Reported } from './api.js';
import { h } from './dom.js';

/** Each certainty with a look of its own (mark, fill and words, never colour alone) and its legend line. */
export const CERTAINTIES: Record<Certainty, { mark: string; word: string; legend: string }> = {
  certain: { mark: '●', word: 'certain', legend: 'certain: its sources show it had happened by the date' },
  possible: {
    mark: '◌',
    word: 'possible',
    legend: 'possible: its date may or may not have come by then (hatched)',
  },
  unconfirmed: {
    mark: '◔',
    word: 'unconfirmed',
    legend: 'unconfirmed: the last known state; no source reports on the date (dotted)',
  },
};

export function certaintyOf(value: string | undefined): Certainty {
  return value === 'possible' || value === 'unconfirmed' ? value : 'certain';
}

/** The badge of a row or development: "◔ unconfirmed, last reported March 2025". */
export function certaintyBadge(certainty: Certainty, lastReported?: Reported | null, sentence?: string): HTMLElement {
  const c = CERTAINTIES[certainty];
  const reported = certainty === 'unconfirmed' && lastReported ? `, last reported ${lastReported.text}` : '';
  return h('span', { class: `badge ${certainty}`, title: sentence }, `${c.mark} ${c.word}${reported}`);
}

/** The legend of the three looks, with samples. */
export function certaintyLegend(): HTMLElement {
  return h(
    'ul',
    { class: 'legend certainty-legend', 'aria-label': 'Certainty' },
    ...(Object.keys(CERTAINTIES) as Certainty[]).map((c) =>
      h(
        'li',
        {},
        h('span', { class: `sample ${c}`, 'aria-hidden': 'true' }),
        ` ${CERTAINTIES[c].mark} ${CERTAINTIES[c].legend}`,
      ),
    ),
  );
}
