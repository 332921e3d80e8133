import { getTechnique } from '../../src-shared/attack';

/** ATT&CK id as a link; Electron main opens target=_blank links in the system browser. */
export function TechniqueLink({ techniqueId }: { techniqueId: string }) {
  const technique = getTechnique(techniqueId);
  const url = technique?.url ?? `https://attack.mitre.org/techniques/${techniqueId.replace('.', '/')}/`;
  return (
    <a className="technique-link" href={url} target="_blank" rel="noopener noreferrer" title={technique?.name ?? techniqueId}>
      {techniqueId}
    </a>
  );
}
