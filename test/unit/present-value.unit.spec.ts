import { facilities } from '../../projections/facilities.projection.js';
import type { AnyProjection } from '../../projections/index.js';
import { presentValue } from '../../src/views/read/view-rows.js';

const facility = (): Record<string, unknown> => ({
  facilityId: 'facility-1',
  owner: 'org:a',
  country: 'IT',
  status: 'under-construction',
  steps: { announced: '2006-03', 'under-construction': '2007-02~' },
  investment: { value: 944.9, currency: 'EUR', unit: 'billion' },
  expectations: [
    {
      type: 'FacilityOpened',
      date: '2010',
      dateText: '2010',
      note: 'set to open in 2010',
      setBy: 'd-1',
      due: '2010-12-31',
    },
  ],
});

describe('a stored row value as of a day', () => {
  it('says every date of the value in words once, lists the expectations with their status, and keeps the stored value as it was', () => {
    const stored = facility();
    const before = JSON.stringify(stored);
    const value = presentValue(facilities as unknown as AnyProjection, stored, '2011-01-01');
    expect(JSON.stringify(stored)).toBe(before);
    expect(Object.keys(value)).toEqual([
      'facilityId',
      'owner',
      'country',
      'status',
      'steps',
      'investment',
      'expectations',
      'datesInWords',
    ]);
    // The expectation's own date is said by its status text, not among the value's dates.
    expect(value.datesInWords).toEqual({ '2006-03': 'March 2006', '2007-02~': 'February 2007, approximately' });
    expect(value.expectations).toEqual([
      expect.objectContaining({ type: 'FacilityOpened', status: 'overdue', statusText: 'not recorded as met by 2010' }),
    ]);
  });

  it('leaves out the words when no field holds a date, and a text in a date field that is no date', () => {
    const value = presentValue(
      facilities as unknown as AnyProjection,
      { facilityId: 'facility-2', status: 'announced', steps: { announced: 'soon' } },
      '2011-01-01',
    );
    expect(value).toEqual({ facilityId: 'facility-2', status: 'announced', steps: { announced: 'soon' } });
  });
});
