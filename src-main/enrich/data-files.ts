// Where the bundled enrichment data lives (npm packages kept as files, never fetched at run time).
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { errorMessage } from '../../src-shared/error-message';

const require = createRequire(import.meta.url);

export const DATA_FILES = {
  country: '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb',
  asnV4: '@ip-location-db/asn/asn-ipv4-num.csv',
  asnV6: '@ip-location-db/asn/asn-ipv6-num.csv',
  oui: 'oui-data',
} as const;

export interface DataFileInfo {
  path: string;
  /** ISO date of the file (the package's build), for the About box. */
  date: string;
}

/** The file's path and date, or an Error saying what is missing. */
export function locateDataFile(id: string): DataFileInfo | Error {
  try {
    const path = require.resolve(id);
    return { path, date: statSync(path).mtime.toISOString() };
  } catch (error) {
    return new Error(`enrichment data ${id} not found (${errorMessage(error).split('\n')[0]}); reinstall NetSentinel or run npm install`);
  }
}
