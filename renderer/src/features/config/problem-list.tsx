import type { ConfigIssue } from '../../../../core/api/contract';

/** Every problem of the config, in words: errors first, then warnings (passed-through keys). */
export function ProblemList({ issues }: { issues: ConfigIssue[] | null }) {
  if (issues === null) return null;
  return (
    <section aria-labelledby="config-problems-title">
      <h3 id="config-problems-title">Problems</h3>
      {issues.length === 0 ? (
        <p className="muted">None: the config is valid.</p>
      ) : (
        <ul className="config-problems" aria-labelledby="config-problems-title">
          {issues.map((i) => (
            <li key={`${i.from}-${i.message}`} className={`config-problem-${i.severity}`}>
              <strong>{i.severity}</strong> <span className="muted">line {i.line}</span> {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
