/** The parts of the `edtf` package (no published types) that the date module uses. */
declare module 'edtf' {
  export interface ParsedDate {
    type: string;
    level: number;
    values: (number | ParsedDate | null | undefined)[];
    uncertain?: number | boolean;
    approximate?: number | boolean;
    unspecified?: number;
  }
  export interface Constraints {
    level?: number;
    types?: string[];
    seasonIntervals?: boolean;
    seasonUncertainty?: boolean;
  }
  export function parse(input: string, constraints?: Constraints): ParsedDate;
  export interface ExtendedDate {
    readonly min: number;
    readonly max: number;
  }
  export default function edtf(input: ParsedDate | string, constraints?: Constraints): ExtendedDate;
}
