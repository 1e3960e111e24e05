import type { ReactNode } from 'react';

/** What an area shows before it has content: a title and an honest sentence of what comes. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="empty-state" aria-label={title}>
      <h2>{title}</h2>
      <p>{children}</p>
    </section>
  );
}
