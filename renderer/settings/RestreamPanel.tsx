// Settings → Re-stream: serve every camera again as MJPEG at Axis's own paths, for OpenCV,
// ffmpeg, VLC, Home Assistant or an <img> (docs/restream.md). Off by default; its own user and
// password (kept by the secret store, never shown again); the address to copy per camera. Only
// `camwall serve` re-streams; the desktop app says so.
import { useEffect, useState } from 'preact/hooks';
import type { RestreamStatus } from '../../shared/api/index.ts';
import type { Camera } from '../../shared/camera.ts';
import type { Settings } from '../../shared/settings.ts';
import { useServices } from '../app/use-live.ts';
import { Field } from '../cameras/Field.tsx';

type Draft = { enabled: boolean; host: string; port: string; user: string; auth: 'digest' | 'basic'; password: string };

const draftOf = (s: Settings['restream']): Draft => ({ enabled: s.enabled, host: s.host, port: String(s.port), user: s.user, auth: s.auth, password: '' });

export function RestreamPanel({ settings, cameras }: { settings: Settings; cameras: Camera[] }) {
  const { api } = useServices();
  const [draft, setDraft] = useState(() => draftOf(settings.restream));
  const [status, setStatus] = useState<RestreamStatus | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const refresh = async () => {
    const result = await api.restream.status();
    if (result.ok) setStatus(result.value);
  };
  useEffect(() => void refresh(), [settings.restream]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setMessage(null);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    if (draft.password !== '') {
      const result = await api.restream.setPassword({ password: draft.password });
      if (!result.ok) {
        setSaving(false);
        setErrors({ password: result.error.fields?.[0]?.message ?? result.error.message });
        return setMessage('Re-stream not saved: please correct the fields marked.');
      }
    }
    const port = Number(draft.port);
    const result = await api.settings.set({ patch: { restream: { enabled: draft.enabled, host: draft.host.trim(), port: Number.isFinite(port) ? port : (draft.port as never), user: draft.user.trim(), auth: draft.auth } } });
    setSaving(false);
    if (!result.ok) {
      const fields: Record<string, string> = {};
      for (const f of result.error.fields ?? []) fields[f.field.replace(/^patch\.restream\./, '')] = f.message;
      setErrors(fields);
      return setMessage(result.error.fields?.length ? 'Re-stream not saved: please correct the fields marked.' : result.error.message);
    }
    setDraft((d) => ({ ...d, password: '' }));
    setMessage('Re-stream saved.');
    // The core answers once the listener has restarted with what was just saved.
    void refresh();
  };

  const base = status?.listening && status.port !== null ? `http://${urlHost(status.host)}:${status.port}` : null;
  return (
    <form class="panel settings-panel" onSubmit={save} aria-labelledby="restream-title" noValidate data-testid="restream-panel">
      <h2 id="restream-title">Re-stream for other tools</h2>
      <p class="hint">
        Serves every camera as MJPEG at the camera's own Axis paths, for OpenCV, ffmpeg, VLC, Home Assistant or a web page, through the one connection Camwall
        keeps to each camera. Readers sign in with the user below (HTTP Digest), not with the page's token.
      </p>
      {status && !status.available && <p class="hint">Only the browser shell (`camwall serve`) re-streams; the desktop app does not.</p>}
      <div class="form-grid">
        <label class="check">
          <input type="checkbox" id="restream-enabled" checked={draft.enabled} onChange={(e) => set('enabled', (e.currentTarget as HTMLInputElement).checked)} />
          Re-stream the cameras
        </label>
        <Field id="restream-host" label="Listen on" error={errors['host']} hint="127.0.0.1: this computer only; 0.0.0.0: every network (readers still need the password)">
          {(a) => <input {...a} value={draft.host} onInput={(e) => set('host', (e.currentTarget as HTMLInputElement).value)} class="mono" spellcheck={false} />}
        </Field>
        <Field id="restream-port" label="Port" error={errors['port']}>
          {(a) => <input {...a} value={draft.port} onInput={(e) => set('port', (e.currentTarget as HTMLInputElement).value)} inputMode="numeric" />}
        </Field>
        <Field id="restream-user" label="User" error={errors['user']}>
          {(a) => <input {...a} value={draft.user} onInput={(e) => set('user', (e.currentTarget as HTMLInputElement).value)} autoComplete="off" spellcheck={false} />}
        </Field>
        <Field id="restream-password" label="Password" error={errors['password']} hint={status?.hasPassword ? 'Saved; leave empty to keep it' : 'Required before it listens'}>
          {(a) => <input {...a} type="password" value={draft.password} onInput={(e) => set('password', (e.currentTarget as HTMLInputElement).value)} autoComplete="new-password" />}
        </Field>
        <label class="check">
          <input type="checkbox" checked={draft.auth === 'basic'} onChange={(e) => set('auth', (e.currentTarget as HTMLInputElement).checked ? 'basic' : 'digest')} />
          Also accept Basic authentication (for tools without Digest; the password crosses the network readable)
        </label>
      </div>
      <p role="status" data-testid="restream-state" class={status?.error ? 'field-error' : 'hint'}>
        {status === null ? '' : status.error ? `Not listening: ${status.error}.` : status.listening ? `Listening on ${status.host}:${status.port}, ${status.readers} reader${status.readers === 1 ? '' : 's'} now.` : 'Off.'}
      </p>
      {base !== null && cameras.length > 0 && (
        <table class="restream-urls" data-testid="restream-urls">
          <thead>
            <tr>
              <th>Camera</th>
              <th>MJPEG address (give the user and password to the tool)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cameras.map((camera) => {
              const url = `${base}/axis-cgi/mjpg/video.cgi?camera=${camera.id}`;
              return (
                <tr key={camera.id}>
                  <td>{camera.name}</td>
                  <td>
                    <code class="mono">{url}</code>
                  </td>
                  <td>
                    <button type="button" class="button" onClick={() => void navigator.clipboard?.writeText(url)} aria-label={`Copy the address of ${camera.name}`}>
                      Copy
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save re-stream'}
        </button>
        {message && <span role="status">{message}</span>}
      </div>
    </form>
  );
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return location.hostname || '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
