import { useRef, type KeyboardEvent } from 'react';
import { formatCount } from '../../src-shared/format';

export interface TabItem<Id extends string> {
  id: Id;
  label: string;
  badge?: number;
}

interface TabsProps<Id extends string> {
  tabs: readonly TabItem<Id>[];
  active: Id;
  onSelect: (id: Id) => void;
}

/** WAI-ARIA tabs: Tab reaches the active tab, arrow keys, Home and End move between tabs. */
export function Tabs<Id extends string>({ tabs, active, onSelect }: TabsProps<Id>) {
  const buttons = useRef(new Map<Id, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = tabs.findIndex((tab) => tab.id === active);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    buttons.current.get(next.id)?.focus();
  }

  return (
    <div className="tabs" role="tablist" aria-label="Dashboard views" onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(element) => {
            if (element) buttons.current.set(tab.id, element);
            else buttons.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === active}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === active ? 0 : -1}
          className="tab"
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
          {tab.badge !== undefined && tab.badge > 0 && <span className="tab-badge">{formatCount(tab.badge)}</span>}
        </button>
      ))}
    </div>
  );
}
