import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  tone?: 'neutral' | 'loading' | 'error';
}

/** The designed placeholder every view shows instead of a blank area. */
export function EmptyState({ title, children, tone = 'neutral' }: EmptyStateProps) {
  return (
    <div className={`empty-state empty-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {tone === 'loading' && <span className="spinner" aria-hidden="true" />}
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
