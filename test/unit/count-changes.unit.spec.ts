import { RunningSums } from '../../src/views/store/count-changes.js';
import { addEdges, transitions, type Edges } from '../../src/views/engine/footprint-edges.js';

describe("a count's running sums at a series' steps", () => {
  const months = ['2019-12', '2020-01', '2020-02', '2020-03'];

  it('count at each step the changes of its month and of every month before, read a row per group in any order', () => {
    const sums = new RunningSums(months)
      .addGrouped([
        ['HU', '2020-03 1 2020-01 2 2020-02 -1.5'],
        ['DE', '2019-01 1 2019-05 -1 2020-01 3'],
      ])
      .sums();
    // By group, whatever order the groups came in.
    expect([...sums]).toEqual([
      ['DE', [0, 3, 3, 3]],
      ['HU', [0, 2, 0.5, 1.5]],
    ]);
  });

  it('leave out a change later than the last step, and give a group with none before a step zero there', () => {
    const sums = new RunningSums(months);
    sums.add('FR', '2021-06', 5);
    sums.add('FR', '2020-02', 1);
    sums.add('', '2019-12', 1);
    expect([...sums.sums()]).toEqual([
      ['', [1, 1, 1, 1]],
      ['FR', [0, 0, 1, 1]],
    ]);
  });

  it('read negative changes and fractions as they were joined', () => {
    const sums = new RunningSums(['2020-01']).addGrouped([['IT', '2019-11 -2.25 2019-12 12.5 2020-01 -0.25']]).sums();
    expect(sums.get('IT')).toEqual([10]);
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
