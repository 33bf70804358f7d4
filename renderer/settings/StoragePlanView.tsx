// Storage planning (storage.plan): what the recordings use, per camera and in total, the free
// space, and how many days each camera will keep at its current rate under the limits set
// above, with a warning where they cannot hold the days a camera asks for.
import { useEffect, useState } from 'preact/hooks';
import type { StorageCameraPlan, StorageLimit, StoragePlan } from '../../shared/api/index.ts';
import { formatBytes } from '../../shared/util/format.ts';
import { useServices } from '../app/use-live.ts';
import { FormError } from '../shell/FormError.tsx';

const LIMIT_LABELS: Record<StorageLimit, string> = {
  'camera-days': 'its days',
  'camera-gb': 'its GB limit',
  'all-cameras-gb': 'GB for all cameras',
  'free-space': 'free disk space',
};

/** `version` changes when the settings do, so the plan follows a new limit at once. */
export function StoragePlanView({ version }: { version: unknown }) {
  const { api } = useServices();
  const [plan, setPlan] = useState<StoragePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async () => {
    setLoading(true);
    const result = await api.storage.plan({});
    setLoading(false);
    setError(result.ok ? null : result.error.message);
    if (result.ok) setPlan(result.value);
  };
  useEffect(() => void load(), [api, version]);

  return (
    <section class="storage-plan" aria-labelledby="storage-plan-title" data-testid="storage-plan">
      <div class="storage-plan-head">
        <h4 id="storage-plan-title">Disk use and how long recordings last</h4>
        <button type="button" class="button small" disabled={loading} onClick={() => void load()}>
          {loading ? 'Measuring…' : 'Refresh'}
        </button>
      </div>
      <FormError message={error} />
      {plan && (
        <>
          <p class="storage-summary">
            Recordings use <strong>{formatBytes(plan.totalBytes)}</strong>
            {plan.freeBytes !== null && (
              <>
                ; <strong>{formatBytes(plan.freeBytes)}</strong> free{plan.diskBytes !== null && <> of {formatBytes(plan.diskBytes)}</>}
                {plan.reserveBytes !== null && <> ({formatBytes(plan.reserveBytes)} of it kept free)</>}
              </>
            )}
            {plan.allCamerasLimitBytes !== null && <>; at most {formatBytes(plan.allCamerasLimitBytes)} for all cameras</>}.
          </p>
          {plan.warnings.length > 0 && (
            <ul class="warning storage-warnings" role="alert">
              {plan.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {plan.cameras.length === 0 ? (
            <p class="hint">No cameras yet.</p>
          ) : (
            <table class="storage-table">
              <thead>
                <tr>
                  <th scope="col">Camera</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Per day now</th>
                  <th scope="col">Holds now</th>
                  <th scope="col">Will keep</th>
                </tr>
              </thead>
              <tbody>
                {plan.cameras.map((c) => (
                  <tr key={c.cameraId} data-camera-id={c.cameraId} class={c.warning ? 'storage-short' : ''}>
                    <th scope="row">{c.removed ? `${c.name} (removed)` : c.name}</th>
                    <td class="mono">{formatBytes(c.bytes)}</td>
                    <td class="mono">{c.bytesPerDay === null ? (c.recording ? 'measuring…' : 'not recording') : formatBytes(c.bytesPerDay)}</td>
                    <td>{c.oldestMs !== null && c.newestMs !== null ? span(c.newestMs - c.oldestMs) : '—'}</td>
                    <td>{willKeep(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="hint">
            “Will keep” is what each camera holds once the limits apply, at the rate it recorded over the last week (or since it started, if later).
          </p>
        </>
      )}
    </section>
  );
}

function willKeep(c: StorageCameraPlan): string {
  if (!c.recording) return 'what it has, until the limits remove it';
  if (c.bytesPerDay === null) return '—';
  if (c.keepsDays === null) return 'no limit ends it';
  const asked = c.askedDays !== null ? ` (asks ${c.askedDays} days)` : '';
  return `about ${span(c.keepsDays * 86_400_000)}, by ${LIMIT_LABELS[c.limitedBy ?? 'free-space']}${asked}`;
}

/** "3.5 days", "6.0 hours", "12 min", "40 s". */
function span(ms: number): string {
  const days = ms / 86_400_000;
  if (days >= 1) return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
  const hours = ms / 3_600_000;
  if (hours >= 1) return `${hours.toFixed(hours < 10 ? 1 : 0)} hours`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}
