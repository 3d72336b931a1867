import { facility, World } from '../support/world.js';

describe('facilities as of a date', () => {
  let world: World;
  beforeEach(async () => {
    world = await World.open();
  });
  afterEach(() => world.close());

  const status = (asOf: string, extra = {}) => world.view('facilities', { asOf, ...extra }).get('byd-szeged');

  it('follows a plant from announcement to operation, with certainty from date precision', async () => {
    // One article of January 2026 tells the whole story: its evidence covers every day asked below.
    const sources = [
      { title: 'A report', url: 'https://example.org/report', quote: 'as reported', published: '2026-01' },
    ];
    await world.given(
      { record: { ...facility('FacilityAnnounced', '2023-05'), sources } },
      { record: { ...facility('FacilityConstructionStarted', '2024'), sources } },
      { record: { ...facility('FacilityOpened', '2025-41'), sources } },
    );
    expect(status('2023-04-30')).toBeUndefined();
    expect(status('2023-05-15')).toMatchObject({ certainty: 'possible', value: { status: 'announced' } });
    expect(status('2023-06-01')).toMatchObject({ certainty: 'certain', value: { status: 'announced' } });
    expect(status('2024-06-30')).toMatchObject({ certainty: 'possible', value: { status: 'under-construction' } });
    expect(status('2025-01-01')).toMatchObject({ certainty: 'certain', value: { status: 'under-construction' } });
    expect(status('2025-08-01')).toMatchObject({
      certainty: 'possible',
      value: {
        status: 'operating',
        steps: { announced: '2023-05', 'under-construction': '2024', operating: '2025-41' },
      },
    });
    // Asked for what is certain, the opening (some time in late 2025) is left out until its last possible day.
    expect(status('2025-08-01', { certainOnly: true })).toMatchObject({
      certainty: 'certain',
      value: { status: 'under-construction' },
    });
    expect(status('2024-06-30', { certainOnly: true })).toMatchObject({ value: { status: 'announced' } });
    expect(status('2026-01-01', { certainOnly: true })).toMatchObject({
      certainty: 'certain',
      value: { status: 'operating' },
    });
    expect(status('2026-01-01')!.developments).toHaveLength(3);
  });

  it('places a backdated development in valid-time order, whatever the recording order', async () => {
    await world.given(
      { record: facility('FacilityOpened', '2025-03-01') },
      { record: facility('FacilityAnnounced', '2019', { capacity: '150,000 cars a year' }) },
    );
    expect(status('2020-06-01')).toMatchObject({ value: { status: 'announced', capacity: '150,000 cars a year' } });
    expect(status('2025-03-02')).toMatchObject({ value: { status: 'operating', capacity: '150,000 cars a year' } });
  });

  it('moves a development when a correction changes its date, and keeps what was known before', async () => {
    const opened = facility('FacilityOpened', '2025');
    const [, beforeCorrection] = await world.given(
      { record: facility('FacilityAnnounced', '2021') },
      { record: opened },
    );
    await world.given({ correct: opened.id, changes: { date: '2023-02' } });
    expect(status('2024-01-01')).toMatchObject({ value: { status: 'operating' } });
    expect(status('2024-01-01', { knownAt: beforeCorrection })).toMatchObject({ value: { status: 'announced' } });
  });

  it('forgets a retracted development', async () => {
    const construction = facility('FacilityConstructionStarted', '2022');
    await world.given(
      { record: facility('FacilityAnnounced', '2021') },
      { record: construction },
      { retract: construction.id },
    );
    expect(status('2023-01-01')).toMatchObject({ value: { status: 'announced' }, developments: [expect.any(String)] });
  });

  it('moves a development to another key when a correction changes its facility', async () => {
    const opened = facility('FacilityOpened', '2024');
    await world.given({ record: opened }, { correct: opened.id, changes: { data: { facilityId: 'byd-camacari' } } });
    const rows = world.view('facilities', { asOf: '2025-01-01' });
    expect([...rows.keys()]).toEqual(['byd-camacari']);
  });

  it('finds rows by country and by owner', async () => {
    await world.given(
      { record: facility('FacilityOpened', '2024', { facilityId: 'byd-camacari', country: 'BR' }) },
      { record: facility('FacilityOpened', '2024') },
    );
    expect([...world.view('facilities', { asOf: '2025-01-01', country: 'BR' }).keys()]).toEqual(['byd-camacari']);
    expect(world.view('facilities', { asOf: '2025-01-01', subject: 'org:byd' }).size).toBe(2);
    expect(world.view('facilities', { asOf: '2025-01-01', subject: 'org:catl' }).size).toBe(0);
  });
});
