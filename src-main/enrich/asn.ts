// Autonomous system (number and organisation) of an IP address from the bundled RouteViews/NRO
// ranges (@ip-location-db/asn, CC BY 4.0): sorted ranges, binary search.
import { parseIPv4, parseIPv6 } from '../../src-shared/net';

export interface AsInfo {
  number: number;
  organization: string;
}

/** "start,end,asn,org" where org may be quoted and hold commas or doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

interface RangeTable<T extends number | bigint> {
  starts: ArrayLike<T>;
  ends: ArrayLike<T>;
  asns: ArrayLike<number>;
  length: number;
}

function findAsn<T extends number | bigint>(table: RangeTable<T>, value: T): number | undefined {
  let low = 0;
  let high = table.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((table.starts[mid] as T) > value) high = mid - 1;
    else if ((table.ends[mid] as T) < value) low = mid + 1;
    else return table.asns[mid];
  }
  return undefined;
}

/** Calls `row` with each line's four fields; the organisation is only split out when new. */
function eachRow(csv: string, row: (start: string, end: string, asn: number, rest: string) => void): void {
  let at = 0;
  while (at < csv.length) {
    let lineEnd = csv.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = csv.length;
    const c1 = csv.indexOf(',', at);
    const c2 = c1 < 0 ? -1 : csv.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : csv.indexOf(',', c2 + 1);
    if (c3 > 0 && c3 < lineEnd) row(csv.slice(at, c1), csv.slice(c1 + 1, c2), Number(csv.slice(c2 + 1, c3)), csv.slice(c3 + 1, lineEnd));
    at = lineEnd + 1;
  }
}

function organizationOf(rest: string): string {
  return rest.startsWith('"') ? (splitCsvLine(rest)[0] ?? '') : rest;
}

function grown(old: Uint32Array, capacity: number): Uint32Array<ArrayBuffer> {
  const larger = new Uint32Array(capacity);
  larger.set(old);
  return larger;
}

/** asn-ipv4-num.csv: numeric addresses, straight into typed arrays. */
function buildV4(csv: string, names: Map<number, string>): RangeTable<number> {
  let capacity = 1 << 16;
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let asns = new Uint32Array(capacity);
  let length = 0;
  eachRow(csv, (start, end, asn, rest) => {
    if (!Number.isInteger(asn)) return;
    if (length === capacity) {
      capacity *= 2;
      starts = grown(starts, capacity);
      ends = grown(ends, capacity);
      asns = grown(asns, capacity);
    }
    starts[length] = Number(start);
    ends[length] = Number(end);
    asns[length] = asn;
    length += 1;
    if (!names.has(asn)) names.set(asn, organizationOf(rest));
  });
  return { starts, ends, asns, length };
}

/** asn-ipv6-num.csv: 128-bit decimal addresses as bigints (about 100,000 ranges). */
function buildV6(csv: string, names: Map<number, string>): RangeTable<bigint> {
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const asns: number[] = [];
  eachRow(csv, (start, end, asn, rest) => {
    if (!Number.isInteger(asn) || !/^\d+$/.test(start) || !/^\d+$/.test(end)) return;
    starts.push(BigInt(start));
    ends.push(BigInt(end));
    asns.push(asn);
    if (!names.has(asn)) names.set(asn, organizationOf(rest));
  });
  return { starts, ends, asns, length: asns.length };
}

export class AsnDb {
  private readonly names = new Map<number, string>();
  private readonly v4: RangeTable<number>;
  private readonly v6: RangeTable<bigint>;

  /** Both in numeric form: asn-ipv4-num.csv and asn-ipv6-num.csv. */
  constructor(v4Csv: string, v6Csv: string) {
    this.v4 = buildV4(v4Csv, this.names);
    this.v6 = buildV6(v6Csv, this.names);
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }

  lookup(ip: string): AsInfo | undefined {
    const v4 = parseIPv4(ip);
    const v6 = v4 === null ? parseIPv6(ip) : null;
    const number = v4 !== null ? findAsn(this.v4, v4) : v6 !== null ? findAsn(this.v6, v6) : undefined;
    return number === undefined ? undefined : { number, organization: this.names.get(number) ?? '' };
  }
}
