import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphViewGraph } from '../../../../core/api/graph-view';
import { findNodes, type FindHit } from '../../../../core/views/graph-find';

interface Props {
  graph: GraphViewGraph;
  onPick(hit: FindHit): void;
  onHits(ids: string[]): void;
  onClose(): void;
}

/** Find (Ctrl+F): nodes by name, op type or tensor name; Enter goes to the first hit. */
export function FindBar({ graph, onPick, onHits, onClose }: Props) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const input = useRef<HTMLInputElement>(null);
  const hits = useMemo(() => findNodes(graph, deferred, 50), [graph, deferred]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => onHits(hits.map((h) => h.nodeId)), [hits, onHits]);
  return (
    <div className="graph-find panel" role="search" aria-label="Find in the graph">
      <div className="row">
        <label className="grow">
          Find node by name, op type or tensor
          <input
            ref={input}
            type="search"
            value={query}
            placeholder="e.g. layer3/attention, Softmax, attention_mask"
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && hits[0]) onPick(hits[0]);
              if (e.key === 'Escape') onClose();
            }}
          />
        </label>
        <button type="button" aria-label="Close find" onClick={onClose}>
          ×
        </button>
      </div>
      {deferred.trim() && (
        <p className="muted" role="status">
          {hits.length === 0
            ? 'No node matches.'
            : `${hits.length}${hits.length === 50 ? '+' : ''} match(es)`}
        </p>
      )}
      <ul className="plain graph-find-hits" aria-label="Find results">
        {hits.map((h) => (
          <li key={h.nodeId}>
            <button type="button" className="link" onClick={() => onPick(h)}>
              {h.name}
            </button>{' '}
            <span className="muted">
              {h.opType}
              {h.match === 'tensor' ? ` · ${h.detail}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
