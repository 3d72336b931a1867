import { changesOfGroups } from '../../src/views/store/count-changes.js';
import { addEdges, transitions, type Edges } from '../../src/views/engine/footprint-edges.js';

describe("a count's changes read a row per group", () => {
  it('come out by group, then month, whatever order the aggregate joined them in', () => {
    expect(
      changesOfGroups([
        ['HU', '2020-03 1 2020-01 2 2020-02 -1.5'],
        ['DE', '2019-01 1 2019-05 -1'],
      ]),
    ).toEqual([
      ['HU', '2020-01', 2],
      ['HU', '2020-02', -1.5],
      ['HU', '2020-03', 1],
      ['DE', '2019-01', 1],
      ['DE', '2019-05', -1],
    ]);
  });
});

describe('the months a footprint pair is a row', () => {
  const placement = (from: string, to: string, planned = false) => ({
    validFrom: from,
    validTo: to,
    certainFrom: planned ? null : from,
    certainTo: planned ? null : to,
    planned,
  });
  const edgesOf = (placements: ReturnType<typeof placement>[], certainOnly = false) => {
    const edges: Edges = new Map();
    for (const p of placements) addEdges(edges, p, certainOnly, 1);
    return edges;
  };

  it('is present while any presence holds on a month’s last day, once however many hold', () => {
    const edges = edgesOf([placement('2020-01-05', '2021-06-01'), placement('2020-03-01', '9999-12-31')]);
    expect(transitions(edges, 'present')).toEqual([['2020-01', 1]]);
  });

  it('is only planned while a plan holds and no presence does; a plan is never certain', () => {
    const edges = [placement('2019-02-01', '2022-01-01', true), placement('2020-06-01', '2021-01-01')];
    expect(transitions(edgesOf(edges), 'planned')).toEqual([
      ['2019-02', 1],
      ['2020-06', -1],
      ['2021-01', 1],
      ['2022-01', -1],
    ]);
    expect(transitions(edgesOf(edges, true), 'planned')).toEqual([]);
  });

  it('does not count a span that ends before the last day of the month it began in', () => {
    expect(transitions(edgesOf([placement('2020-01-05', '2020-01-20')]), 'present')).toEqual([]);
  });
});
