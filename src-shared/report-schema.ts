// The report's JSON Schema, importable by tests, the CLI and the app alike.
import schema from './report.schema.json' with { type: 'json' };

export const REPORT_SCHEMA: object = schema;
