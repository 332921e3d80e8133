// Offline enrichment: country and AS of external addresses, vendor of MAC addresses. Each data set
// is loaded once, in the background, on the first lookup that needs it (the AS tables cost about a
// CPU-second to parse: a host that only talks to its LAN never pays it); until it is there (or if
// it is missing) lookups answer nothing and `status()` says why.
import { readFile } from 'node:fs/promises';
import type { IpGeo } from '../../src-shared/model';
import { AsnDb } from './asn';
import { CountryDb } from './country';
import { DATA_FILES, locateDataFile, type DataFileInfo } from './data-files';
import { OuiDb, isLocallyAdministered, type MacVendor } from './oui';
import { rememberBounded } from '../../src-shared/bounded-map';
import { errorMessage } from '../../src-shared/error-message';

export interface EnrichmentStatus {
  ready: boolean;
  /** Per data set: its file date, entry count and load time, or the problem. */
  sources: { name: string; date?: string; entries?: number; loadMs?: number; problem?: string }[];
}

/** Most distinct addresses remembered; past it the cache starts over (lookups are microseconds). */
const CACHE_LIMIT = 20_000;

export class Enricher {
  private country?: CountryDb;
  private asn?: AsnDb;
  private oui?: OuiDb;
  private readonly cache = new Map<string, IpGeo>();
  private readonly sources: EnrichmentStatus['sources'] = [];
  private ipLoading?: Promise<void>;
  private ipSettled = false;
  private ouiLoading?: Promise<void>;

  /** Starts loading every data set now (idempotent); resolves when all are loaded or failed. */
  load(): Promise<void> {
    return Promise.all([this.loadIpData(), this.loadMacData()]).then(() => undefined);
  }

  status(): EnrichmentStatus {
    const pending = [
      ...(this.ipLoading ? [] : ['country and AS (load on the first external address)']),
      ...(this.ouiLoading ? [] : ['MAC vendors (load on the first neighbour)']),
    ];
    return {
      ready: this.sources.length === 3,
      sources: [...this.sources.map((s) => ({ ...s })), ...pending.map((name) => ({ name, problem: 'not loaded yet' }))],
    };
  }

  /** Changes when a data set has loaded (or failed to): answers given before may differ from now on. */
  get dataVersion(): number {
    return this.sources.length;
  }

  /** Country and AS of an address; callers pass external addresses only. The first call starts loading. */
  ip(address: string): IpGeo | undefined {
    // Until both data sets are settled nothing is answered: a partial answer would stay cached.
    if (!this.ipSettled) {
      void this.loadIpData();
      return undefined;
    }
    if (!this.country && !this.asn) return undefined;
    const cached = this.cache.get(address);
    if (cached) return cached;
    const as = this.asn?.lookup(address);
    const country = this.country?.country(address);
    const geo: IpGeo = { ...(country ? { country } : {}), ...(as ? { asn: as.number, asOrg: as.organization } : {}) };
    rememberBounded(this.cache, address, geo, CACHE_LIMIT);
    return geo;
  }

  /** The first universally administered address starts loading the vendor registry (a random MAC has no vendor to look up). */
  mac(address: string): MacVendor {
    if (this.oui) return this.oui.lookup(address);
    const locallyAdministered = isLocallyAdministered(address);
    if (!locallyAdministered) void this.loadMacData();
    return { locallyAdministered };
  }

  private loadIpData(): Promise<void> {
    this.ipLoading ??= Promise.all([this.loadCountry(), this.loadAsn()]).then(() => {
      this.ipSettled = true;
    });
    return this.ipLoading;
  }

  private loadMacData(): Promise<void> {
    this.ouiLoading ??= this.loadOui();
    return this.ouiLoading;
  }

  private async timed(name: string, files: string[], build: (contents: Buffer[], infos: DataFileInfo[]) => number): Promise<void> {
    const infos = files.map(locateDataFile);
    const missing = infos.find((info): info is Error => info instanceof Error);
    if (missing) {
      this.sources.push({ name, problem: missing.message });
      return;
    }
    const found = infos as DataFileInfo[];
    try {
      const contents = await Promise.all(found.map((info) => readFile(info.path)));
      const started = performance.now();
      const entries = build(contents, found);
      this.sources.push({ name, date: found[0]?.date, entries, loadMs: Math.round(performance.now() - started) });
    } catch (error) {
      this.sources.push({ name, problem: `${name} data unreadable: ${errorMessage(error)}` });
    }
  }

  private loadCountry(): Promise<void> {
    return this.timed('country (geo-whois-asn-country, CC0)', [DATA_FILES.country], ([mmdb]) => {
      this.country = new CountryDb(mmdb as Buffer);
      return 1;
    });
  }

  private loadAsn(): Promise<void> {
    return this.timed('AS (RouteViews + NRO via ip-location-db, CC BY 4.0)', [DATA_FILES.asnV4, DATA_FILES.asnV6], ([v4, v6]) => {
      this.asn = new AsnDb(String(v4), String(v6));
      return this.asn.size;
    });
  }

  private loadOui(): Promise<void> {
    return this.timed('MAC vendors (IEEE OUI via oui-data)', [DATA_FILES.oui], ([json]) => {
      this.oui = new OuiDb(JSON.parse(String(json)) as Record<string, string>);
      return this.oui.size;
    });
  }
}
