/** UN M49 geographic regions (codes and English names), for figures about a region as a whole. */
export const REGIONS: Readonly<Record<string, string>> = {
  '001': 'World',
  '002': 'Africa',
  '015': 'Northern Africa',
  '202': 'Sub-Saharan Africa',
  '014': 'Eastern Africa',
  '017': 'Middle Africa',
  '018': 'Southern Africa',
  '011': 'Western Africa',
  '019': 'Americas',
  '419': 'Latin America and the Caribbean',
  '029': 'Caribbean',
  '013': 'Central America',
  '005': 'South America',
  '021': 'Northern America',
  '142': 'Asia',
  '143': 'Central Asia',
  '030': 'Eastern Asia',
  '035': 'South-eastern Asia',
  '034': 'Southern Asia',
  '145': 'Western Asia',
  '150': 'Europe',
  '151': 'Eastern Europe',
  '154': 'Northern Europe',
  '039': 'Southern Europe',
  '155': 'Western Europe',
  '009': 'Oceania',
  '053': 'Australia and New Zealand',
  '054': 'Melanesia',
  '057': 'Micronesia',
  '061': 'Polynesia',
};

export function isRegionCode(code: string): boolean {
  return Object.hasOwn(REGIONS, code);
}
