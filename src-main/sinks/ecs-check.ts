// Checks an ECS document against the ECS field definitions of the bundled @elastic/ecs package
// (names, types, allowed values, category/type pairs). For tests: the unit suite and the e2e exports.
import { EcsFlat } from '@elastic/ecs';
import type { EcsAlertDocument } from './ecs';

type FieldSpec = { type: string; allowed_values?: { name: string; expected_event_types?: string[] }[] };
const FIELDS = EcsFlat as unknown as Record<string, FieldSpec>;

/** Every leaf of a document as a dotted path, arrays kept as values. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

function checkType(path: string, type: string, value: unknown): string | undefined {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    const ok =
      type === 'long' || type === 'float'
        ? typeof v === 'number'
        : type === 'date'
          ? typeof v === 'string' && !Number.isNaN(Date.parse(v))
          : type === 'ip'
            ? typeof v === 'string' && /^[\d.]+$|:/.test(v)
            : typeof v === 'string';
    if (!ok) return `${path}: ${JSON.stringify(v)} is not an ECS ${type}`;
  }
  return undefined;
}

/** Problems of an ECS document against the ECS field definitions (NetSentinel's own field set excepted). */
export function ecsProblems(doc: EcsAlertDocument): string[] {
  const problems: string[] = [];
  for (const [path, value] of leaves(doc)) {
    if (path.startsWith('netsentinel.')) continue;
    const spec = FIELDS[path];
    if (!spec) {
      problems.push(`${path}: not an ECS field`);
      continue;
    }
    const typeProblem = checkType(path, spec.type, value);
    if (typeProblem) problems.push(typeProblem);
    const allowed = spec.allowed_values?.map((a) => a.name);
    const values = Array.isArray(value) ? value : [value];
    if (allowed) for (const v of values) if (!allowed.includes(String(v))) problems.push(`${path}: "${String(v)}" not allowed`);
  }
  const categories = ([] as string[]).concat(doc.event?.category ?? []);
  const types = ([] as string[]).concat(doc.event?.type ?? []);
  for (const category of categories) {
    const expected = FIELDS['event.category']?.allowed_values?.find((a) => a.name === category)?.expected_event_types ?? [];
    for (const type of types) if (!expected.includes(type)) problems.push(`event.type "${type}" is not expected with category "${category}"`);
  }
  return problems;
}
