import { useState } from 'react';
import type { ExportKind, ExportResult } from '../../src-shared/api';
import { sanitizeText } from '../../src-shared/sanitize';
import { api } from '../bridge';
import { formatBytes } from '../../src-shared/format';

type ButtonState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'done'; result: ExportResult };

function resultText(result: ExportResult): { text: string; tone: string } {
  if (result.ok) return { text: `Saved ${result.path} (${formatBytes(result.bytes)})`, tone: 'ok' };
  if (result.canceled) return { text: 'Export canceled', tone: 'muted' };
  return { text: `Export failed: ${result.error}${result.fallbackPath ? ` — saved instead to ${result.fallbackPath}` : ''}`, tone: 'error' };
}

/** Asks main to export this table (the same path as File › Export As; main picks where). */
export function ExportDataButton({ kind, label, disabled }: { kind: ExportKind; label: string; disabled?: boolean }) {
  const [state, setState] = useState<ButtonState>({ kind: 'idle' });
  const bridge = api;
  const run = async (): Promise<void> => {
    if (!bridge) return;
    setState({ kind: 'pending' });
    try {
      setState({ kind: 'done', result: await bridge.exportData(kind) });
    } catch (error) {
      setState({ kind: 'done', result: { ok: false, error: error instanceof Error ? error.message : String(error) } });
    }
  };
  const shown = state.kind === 'done' ? resultText(state.result) : undefined;
  return (
    <span className="export-data">
      <button type="button" className="button button-small" disabled={!bridge || disabled || state.kind === 'pending'} onClick={() => void run()}>
        {state.kind === 'pending' ? 'Exporting…' : label}
      </button>
      {shown && (
        <span className={`export-data-result ${shown.tone} ellipsis`} role="status" data-testid={`export-${kind}-result`} title={sanitizeText(shown.text)}>
          {sanitizeText(shown.text)}
        </span>
      )}
    </span>
  );
}
