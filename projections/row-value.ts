import { z } from 'zod';
import { DEVELOPMENT_TYPE_NAMES } from '../events/index.js';

/**
 * The parts of a row's value that every view shares. A projection's zod schema of its row value
 * is the one description of that value: its state type is inferred from it, the OpenAPI document
 * and the page's types are derived from it, and the seed's rows are checked against it.
 */

/** A date as the source gave it (EDTF: `2025-10-23`, `2025-41~`, `../2025-03-06`, `2026/2030`). */
export const edtf = (description: string) => z.string().describe(`EDTF: ${description}`);

/** A calendar day, `YYYY-MM-DD`. */
export const day = (description: string) => z.iso.date().describe(description);

/** A development's id. */
export const developmentId = (description?: string) =>
  description === undefined ? z.uuid() : z.uuid().describe(description);

/** Text the row holds as given (a title, a reason), or a code it was given by the registry. */
export const text = (description?: string) =>
  description === undefined ? z.string() : z.string().describe(description);

/** A list of any length of the items a development's list holds (a row may hold none of them). */
export function listOf<E extends z.ZodType>(list: z.ZodArray<E> | z.ZodOptional<z.ZodArray<E>>): z.ZodArray<E> {
  const array = list instanceof z.ZodOptional ? (list.unwrap() as z.ZodArray<E>) : list;
  return z.array(array.element);
}

/** The date (EDTF, as recorded) of each step the row has been through, by step. */
export function steps<const K extends string>(names: readonly K[]) {
  return z
    .strictObject(
      Object.fromEntries(names.map((name) => [name, edtf(`when it became ${name}`).optional()])) as {
        [P in K]: z.ZodOptional<z.ZodString>;
      },
    )
    .describe('The date of each step it has been through');
}

export const EXPECTATION_STATUSES = ['pending', 'met', 'met-late', 'overdue'] as const;

/** What a source said was planned or due on the row, with its status as of the day asked. */
export const rowExpectation = z.strictObject({
  type: z.enum(DEVELOPMENT_TYPE_NAMES).describe('The development type expected'),
  date: edtf('when it is due, as the source gave it'),
  dateText: text('The due date in words'),
  note: text().optional(),
  setBy: developmentId('The development that set it'),
  due: day('Last day it is due on'),
  met: z
    .strictObject({
      by: developmentId('The development of the expected type'),
      date: edtf('its date, as the source gave it'),
      onTime: z.boolean().describe('Whether its first possible day is on or before the last day due'),
    })
    .optional()
    .describe('The development that met it, when one has'),
  status: z.enum(EXPECTATION_STATUSES),
  statusText: text(
    'The status in words: a passed date with nothing recorded meeting it reads "not recorded as met by …"',
  ),
});
export type RowExpectation = z.infer<typeof rowExpectation>;

/** What every stored view adds to a row's value as of the day asked, beside the projection's own fields. */
export const presentedFields = {
  expectations: z.array(rowExpectation).optional().describe('Plans on the row, each with its status as of the date'),
  datesInWords: z.record(z.string(), z.string()).optional().describe('Each EDTF date the row holds, in words'),
};
export const presented = z.strictObject(presentedFields);
export type Presented = z.infer<typeof presented>;

/** A stored view's row value: what its projection presents as of a day, with what every row may carry. */
export function rowValue<Shape extends z.ZodRawShape>(presentedState: z.ZodObject<Shape, z.core.$strict>) {
  const value = presentedState.extend(presentedFields);
  return presentedState.description === undefined ? value : value.describe(presentedState.description);
}
