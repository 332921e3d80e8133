// The session as each export format, built in the core (which holds the alerts and tables) and sent
// to main as text: ECS NDJSON (one document per alert), an ATT&CK Navigator layer, CSV tables.
import type { ExportKind } from '../../src-shared/api';
import type { ExportedText } from '../../src-shared/core-protocol';
import { toCsv } from '../../src-shared/csv';
import { ALERT_CSV_COLUMNS, CONNECTION_CSV_COLUMNS } from '../../src-shared/csv-tables';
import type { Alert, SnapshotView } from '../../src-shared/model';
import { navigatorLayer } from '../../src-shared/navigator-layer';
import type { Report } from '../../src-shared/report';
import { alertAction, alertToEcs, type EcsHostInfo } from '../sinks/ecs';

/** What an export reads from a session. */
export interface ExportableSession {
  alerts(): Alert[];
  latestSnapshot(): SnapshotView | undefined;
  buildReport(): Report;
}

function ecsNdjson(alerts: readonly Alert[], host: EcsHostInfo): string {
  return alerts.map((alert) => `${JSON.stringify(alertToEcs(alert, host, alertAction(alert), alert.status))}\n`).join('');
}

export function buildExport(kind: ExportKind, session: ExportableSession, host: EcsHostInfo): ExportedText {
  switch (kind) {
    case 'ecs': {
      const alerts = session.alerts();
      return { text: ecsNdjson(alerts, host), items: alerts.length };
    }
    case 'navigator': {
      const layer = navigatorLayer(session.buildReport());
      return { text: `${JSON.stringify(layer, null, 2)}\n`, items: layer.techniques.length };
    }
    case 'connections-csv': {
      const rows = session.latestSnapshot()?.connections ?? [];
      return { text: toCsv(CONNECTION_CSV_COLUMNS, rows), items: rows.length };
    }
    case 'alerts-csv': {
      const alerts = session.alerts();
      return { text: toCsv(ALERT_CSV_COLUMNS, alerts), items: alerts.length };
    }
  }
}
