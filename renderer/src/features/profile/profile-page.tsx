import { useDeferredValue, useEffect, useMemo } from 'react';
import type { ProfileFile } from '../../../../core/api/contract';
import { PROFILE_EXPORT_FORMATS } from '../../../../core/api/profile-api';
import {
  kernelBreakdown,
  nodeSumVsEndToEnd,
  precisionBreakdown,
} from '../../../../core/views/profile-aggregate';
import { rooflineView } from '../../../../core/views/profile-roofline';
import { timelineView } from '../../../../core/views/profile-timeline';
import { ErrorBox } from '../../components/error-box';
import { ShowInGraphButton } from '../graph/show-in-graph';
import { useStore } from '../../store/index';
import { ExportReportButton } from '../reports/export-button';
import { BreakdownChart, OpTypeChart } from './breakdown-charts';
import { HotspotTable } from './hotspot-table';
import { RooflineChart } from './roofline-chart';
import { ImportProfileForm, RunProfileForm } from './run-profile-form';
import { TimelineCanvas } from './timeline-canvas';

const EXPORT_LABEL = {
  'chrome-trace': 'Chrome trace (Perfetto)',
  'counters-csv': 'benchmark_app counters CSV',
  'netron-metrics': 'Netron attachment',
  json: 'SparseScope profile JSON',
} as const;

/** The Profile area: run or import a profile, then read where the time goes. */
export function ProfilePage() {
  const profiles = useStore((s) => s.profiles);
  const loadProfiles = useStore((s) => s.loadProfiles);
  const profileId = useStore((s) => s.profileId);
  const selectProfile = useStore((s) => s.selectProfile);
  const files = useStore((s) => s.profileFiles);
  const error = useStore((s) => s.profileError);
  const exportProfile = useStore((s) => s.exportProfile);
  const deleteProfile = useStore((s) => s.deleteProfile);
  useEffect(() => {
    void loadProfiles();
  }, [loadProfiles]);
  const id = profileId ?? profiles[0]?.id ?? null;
  useEffect(() => {
    if (id && !files[id]) void useStore.getState().loadProfile(id);
  }, [id, files]);
  const profile = id ? files[id] : undefined;
  const summary = profiles.find((p) => p.id === id);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <RunProfileForm />
        <ImportProfileForm />
        {error && <ErrorBox error={error} />}
        {profiles.length > 0 && (
          <div className="row">
            <label className="grow">
              Shown profile
              <select value={id ?? ''} onChange={(e) => void selectProfile(e.target.value || null)}>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} — {p.origin}, {p.nodeCount} nodes,{' '}
                    {p.createdAt.slice(0, 19).replace('T', ' ')}
                  </option>
                ))}
              </select>
            </label>
            {id &&
              PROFILE_EXPORT_FORMATS.map((f) => (
                <button key={f} type="button" onClick={() => void exportProfile(id, f)}>
                  Export {EXPORT_LABEL[f]}
                </button>
              ))}
            {id && profile && <ShowInGraphButton profileId={id} modelPath={profile.model.path} />}
            {id && (
              <ExportReportButton
                target={{ runs: [], profiles: [id], names: [summary?.name ?? id], from: 'profile' }}
              />
            )}
            {id && summary?.origin !== 'sweep' && (
              <button type="button" onClick={() => void deleteProfile(id)}>
                Delete profile
              </button>
            )}
          </div>
        )}
        {profiles.length === 0 && (
          <p className="muted">No profiles yet: run one above, or import one.</p>
        )}
        {id && !profile && <p aria-busy="true">Loading the profile…</p>}
      </section>
      {profile && <ProfileViews key={id} profile={profile} />}
    </div>
  );
}

function ProfileViews({ profile }: { profile: ProfileFile }) {
  // The table paints first; the charts follow in the next render (a 20k-node profile).
  const deferred = useDeferredValue(profile, undefined);
  const e2e = useMemo(() => nodeSumVsEndToEnd(profile), [profile]);
  const kernels = useMemo(() => (deferred ? kernelBreakdown(deferred.nodes) : []), [deferred]);
  const precisions = useMemo(
    () => (deferred ? precisionBreakdown(deferred.nodes) : []),
    [deferred],
  );
  const timeline = useMemo(() => (deferred ? timelineView(deferred) : null), [deferred]);
  const roofline = useMemo(() => (deferred ? rooflineView(deferred) : null), [deferred]);
  const c = profile.config;
  return (
    <>
      <section className="panel" aria-labelledby="e2e-title">
        <h3 id="e2e-title">Node sum vs end to end</h3>
        <p>
          {profile.engine} {profile.engine_version ?? ''} ·{' '}
          {profile.model.path ?? profile.source_files.join(', ')} · {c.streams ?? '?'} stream(s) ×{' '}
          {c.threads ?? '?'} thread(s), seq {c.seq ?? '?'}, {profile.iterations} iteration(s)
        </p>
        <dl className="facts" aria-label="Node sum vs end to end">
          <dt>Sum of node times</dt>
          <dd>{e2e.nodeSumMs === null ? '—' : `${e2e.nodeSumMs.toFixed(3)} ms per iteration`}</dd>
          <dt>End-to-end latency</dt>
          <dd>
            {e2e.latencyMedianMs === null
              ? 'not in this profile'
              : `median ${e2e.latencyMedianMs.toFixed(3)} ms, avg ${e2e.latencyAvgMs?.toFixed(3)} ms`}
          </dd>
          <dt>Node sum / median</dt>
          <dd>
            {e2e.ratio === null ? '—' : `${e2e.ratio.toFixed(3)} (gap ${e2e.gapMs?.toFixed(3)} ms)`}
          </dd>
          <dt>Per iteration (median of node sum / latency)</dt>
          <dd>{e2e.perIterationRatio === null ? '—' : e2e.perIterationRatio.toFixed(3)}</dd>
        </dl>
        <p className="muted">{e2e.explanation}</p>
      </section>
      <section className="panel" aria-labelledby="hotspots-title">
        <h3 id="hotspots-title">Hotspots ({profile.nodes.length} nodes)</h3>
        <HotspotTable profile={profile} />
      </section>
      {deferred && (
        <>
          <section className="panel" aria-labelledby="breakdown-title">
            <h3 id="breakdown-title">Where the time goes</h3>
            <div className="columns">
              <OpTypeChart rows={deferred.by_op_type} />
              <div className="stack">
                <BreakdownChart rows={kernels} title="Kernel breakdown" />
                <BreakdownChart rows={precisions} title="Precision breakdown" />
              </div>
            </div>
          </section>
          <section className="panel" aria-labelledby="timeline-title">
            <h3 id="timeline-title">Per-thread timeline</h3>
            {timeline ? (
              <TimelineCanvas view={timeline} />
            ) : (
              <p className="muted">This profile has no per-iteration times to lay out.</p>
            )}
          </section>
          <section className="panel" aria-labelledby="roofline-title">
            <h3 id="roofline-title">Roofline</h3>
            {roofline && (
              <RooflineChart
                roofs={roofline.roofs}
                points={roofline.points}
                omitted={roofline.omitted}
              />
            )}
          </section>
          {(deferred.notes.length > 0 || deferred.unmapped_originals.length > 0) && (
            <section className="panel" aria-labelledby="notes-title">
              <h3 id="notes-title">Notes</h3>
              <details>
                <summary>
                  {deferred.notes.length} note(s), {deferred.unmapped_originals.length} original
                  node(s) run by no runtime node
                </summary>
                <ul>
                  {deferred.notes.map((n, i) => (
                    <li key={i}>{n}</li>
                  ))}
                </ul>
                {deferred.unmapped_originals.length > 0 && (
                  <p className="muted">
                    Folded at load, optimized out or packed into a weight:{' '}
                    {deferred.unmapped_originals.map((u) => u.name).join(', ')}
                  </p>
                )}
              </details>
            </section>
          )}
        </>
      )}
    </>
  );
}
