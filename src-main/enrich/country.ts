// Country of an IP address from the bundled geo-whois-asn-country database (CC0), via an mmdb reader.
import { readFileSync } from 'node:fs';
import { Reader, type Response } from 'mmdb-lib';

interface CountryRecord {
  country_code?: string;
}

export class CountryDb {
  private readonly reader: Reader<Response>;
  readonly builtAt: string;

  constructor(mmdb: Buffer) {
    this.reader = new Reader<Response>(mmdb);
    this.builtAt = this.reader.metadata.buildEpoch.toISOString();
  }

  static fromFile(path: string): CountryDb {
    return new CountryDb(readFileSync(path));
  }

  /** ISO 3166-1 alpha-2 code, or undefined for private, reserved or unknown addresses. */
  country(ip: string): string | undefined {
    try {
      // geo-whois-asn-country records are { country_code }, not MaxMind's shape.
      return (this.reader.get(ip) as CountryRecord | null)?.country_code || undefined;
    } catch {
      return undefined;
    }
  }
}
