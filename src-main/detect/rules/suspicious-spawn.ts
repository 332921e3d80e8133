import { attackTechnique } from '../../../src-shared/attack';
import type { Finding, HostSnapshot, ProcessInfo, Severity } from '../../../src-shared/model';
import { toProcessRef } from '../../../src-shared/model';
import { cmdlineExcerpt, isoTime } from '../format';
import { BROWSERS, baseName, isInterpreter, isNetworkTool, isShell } from '../process-names';
import type { Rule } from '../types';

/** ATT&CK T1059; src-shared/attack-techniques.ts is generated from here (npm run gen:rules). */
export const COMMAND_AND_SCRIPTING_INTERPRETER = attackTechnique(
  'T1059',
  'Command and Scripting Interpreter',
  ['Execution'],
  'Examine why the parent process started an interpreter, capture its command line, and contain the host if it was not expected.',
);

export type ParentCategory = 'office' | 'pdf-reader' | 'mail-client' | 'browser' | 'web-server' | 'database';

export interface SuspiciousSpawnConfig {
  enabled: boolean;
  /** Program names per parent family (compared lower-case, without path or `.exe`). */
  parents: Record<ParentCategory, string[]>;
  /** Severity per parent family. */
  severities: Record<ParentCategory, Severity>;
  /** Extra child names besides the built-in shells, interpreters, netcat and download tools. */
  extraChildren: string[];
  /** `parent>child` pairs that are expected here, e.g. `postgres>sh` for an archive_command. */
  allowPairs: string[];
}

export const DEFAULT_SUSPICIOUS_SPAWN_CONFIG: SuspiciousSpawnConfig = {
  enabled: true,
  parents: {
    office: [
      'winword',
      'excel',
      'powerpnt',
      'msaccess',
      'mspub',
      'onenote',
      'visio',
      'eqnedt32',
      'soffice',
      'soffice.bin',
      'oosplash',
      'libreoffice',
      'microsoft word',
      'microsoft excel',
      'microsoft powerpoint',
      'wps',
      'et',
      'wpp',
      'abiword',
      'gnumeric',
      'pages',
      'numbers',
      'keynote',
    ],
    'pdf-reader': [
      'acrord32',
      'acrord64',
      'acrobat',
      'acrocef',
      'foxitreader',
      'foxitpdfreader',
      'foxitphantompdf',
      'sumatrapdf',
      'evince',
      'okular',
      'atril',
      'xreader',
      'zathura',
      'mupdf',
      'qpdfview',
      'xpdf',
      'adobe acrobat',
      'preview',
    ],
    'mail-client': [
      'outlook',
      'thunderbird',
      'thunderbird-bin',
      'evolution',
      'kmail',
      'geary',
      'mail',
      'microsoft outlook',
      'mailspring',
      'claws-mail',
      'hxoutlook',
      'olk',
    ],
    browser: [...BROWSERS],
    'web-server': [
      'httpd',
      'apache2',
      'apache',
      'nginx',
      'lighttpd',
      'caddy',
      'w3wp',
      'iisexpress',
      'php-fpm',
      'php-cgi',
      'uwsgi',
      'gunicorn',
      'unicorn',
      'puma',
      'openresty',
      'tomcat',
      'tomcat9',
      'jetty',
      'httpd.worker',
      'unitd',
    ],
    database: [
      'mysqld',
      'mariadbd',
      'mariadb',
      'postgres',
      'postmaster',
      'sqlservr',
      'mongod',
      'redis-server',
      'oracle',
      'tnslsnr',
      'db2sysc',
      'memcached',
      'couchdb',
      'clickhouse-serv',
      'clickhouse-server',
    ],
  },
  severities: {
    office: 'CRITICAL',
    'pdf-reader': 'CRITICAL',
    'mail-client': 'CRITICAL',
    browser: 'HIGH',
    'web-server': 'CRITICAL',
    database: 'CRITICAL',
  },
  extraChildren: ['whoami', 'hostname'],
  allowPairs: [],
};

interface SuspiciousSpawnState {
  /** `${pid}|${startTime}` of children already reported. */
  seen: Set<string>;
}

/** php-fpm8.2, php-fpm: versioned server names count as their family. */
function stripVersion(name: string): string {
  return name.replace(/[\d.]+$/, '').replace(/[-_]$/, '');
}

function childKind(name: string, extra: Set<string>): string | null {
  if (isShell(name)) return 'shell';
  if (isInterpreter(name)) return 'interpreter';
  if (isNetworkTool(name)) return 'network tool';
  if (extra.has(baseName(name))) return 'tool';
  return null;
}

/** The config's lists as lookups, built once per rule. */
interface SpawnLookups {
  /** Parent program name → its family. */
  parentFamily: Map<string, ParentCategory>;
  extra: Set<string>;
  /** `parent>child` pairs, by base name. */
  allowed: Set<string>;
}

function spawnLookups(config: SuspiciousSpawnConfig): SpawnLookups {
  const parentFamily = new Map<string, ParentCategory>();
  for (const [category, names] of Object.entries(config.parents) as [ParentCategory, string[]][]) {
    for (const n of names) parentFamily.set(baseName(n), category);
  }
  const extra = new Set(config.extraChildren.map(baseName));
  const allowed = new Set(
    config.allowPairs.map((p) =>
      p
        .split('>')
        .map((s) => baseName(s))
        .join('>'),
    ),
  );
  return { parentFamily, extra, allowed };
}

function familyOf(p: ProcessInfo, parentFamily: ReadonlyMap<string, ParentCategory>): ParentCategory | undefined {
  const name = baseName(p.name);
  return parentFamily.get(name) ?? parentFamily.get(stripVersion(name)) ?? (p.exe ? parentFamily.get(baseName(p.exe)) : undefined);
}

function spawnFinding(key: string, parent: ProcessInfo, child: ProcessInfo, family: ParentCategory, kind: string, config: SuspiciousSpawnConfig): Finding {
  return {
    key,
    severity: config.severities[family],
    title: `${parent.name} (${family}) started ${kind} ${child.name}`,
    description: `${parent.name} (pid ${parent.pid}) started ${child.name} (pid ${child.pid})${child.cmdline ? `: ${cmdlineExcerpt(child.cmdline)}` : ''}. A ${family} has no business starting a ${kind}.`,
    process: toProcessRef(child),
    evidence: {
      parentCategory: family,
      childKind: kind,
      parentName: parent.name,
      parentPid: parent.pid,
      parentExe: parent.exe ?? '',
      parentCmdline: cmdlineExcerpt(parent.cmdline),
      childName: child.name,
      childPid: child.pid,
      childExe: child.exe ?? '',
      childCmdline: cmdlineExcerpt(child.cmdline),
      user: child.user ?? '',
      childStarted: child.startTime ? isoTime(child.startTime) : '',
    },
    occurrences: 1,
  };
}

/** One finding per parent|child name pair among children not seen before, counting repeats as occurrences. */
function evaluateSuspiciousSpawn(snapshot: HostSnapshot, state: SuspiciousSpawnState, config: SuspiciousSpawnConfig, lookups: SpawnLookups): Finding[] {
  const byPid = new Map<number, ProcessInfo>();
  for (const p of snapshot.processes) byPid.set(p.pid, p);
  const current = new Set<string>();
  const findings = new Map<string, Finding>();
  for (const child of snapshot.processes) {
    const kind = childKind(child.name, lookups.extra);
    if (!kind) continue;
    const parent = byPid.get(child.ppid);
    if (!parent || parent.pid === child.pid) continue;
    const family = familyOf(parent, lookups.parentFamily);
    if (!family) continue;
    const parentName = baseName(parent.name);
    const childName = baseName(child.name);
    if (lookups.allowed.has(`${parentName}>${childName}`)) continue;
    const id = `${child.pid}|${child.startTime ?? ''}`;
    current.add(id);
    if (state.seen.has(id)) continue;
    const key = `${parentName}|${childName}`;
    const already = findings.get(key);
    if (already) already.occurrences = (already.occurrences ?? 1) + 1;
    else findings.set(key, spawnFinding(key, parent, child, family, kind, config));
  }
  for (const id of current) state.seen.add(id);
  for (const id of state.seen) if (!current.has(id)) state.seen.delete(id);
  return [...findings.values()];
}

export function suspiciousSpawnRule(overrides: Partial<SuspiciousSpawnConfig> = {}): Rule<SuspiciousSpawnState, SuspiciousSpawnConfig> {
  const config = { ...DEFAULT_SUSPICIOUS_SPAWN_CONFIG, ...overrides };
  const lookups = spawnLookups(config);
  return {
    id: 'suspicious-spawn',
    technique: COMMAND_AND_SCRIPTING_INTERPRETER,
    defaultSeverity: 'CRITICAL',
    summary: 'Office apps, PDF readers, mail clients, browsers, web/app servers or databases starting a shell, interpreter, netcat or download tool.',
    readme: { needs: ['processes'], detects: 'Office apps, readers, browsers, web/app servers or databases spawning shells and download tools' },
    config,
    skipWhenHostUnchanged: true,
    createState: () => ({ seen: new Set() }),
    evaluate(snapshot, state) {
      return evaluateSuspiciousSpawn(snapshot, state, config, lookups);
    },
  };
}
