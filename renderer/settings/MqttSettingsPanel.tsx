// Settings → MQTT: the broker, its user (the password goes to the secret store through
// mqtt.setPassword and never comes back), the topic prefix, TLS (a CA file or a pinned
// fingerprint), Home Assistant discovery, remote control, and the connection's state as the core
// reports it (mqtt.status, then the `mqtt.status` push).
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../shared/settings.ts';
import { brokerUrlProblem, topicPrefixProblem, type MqttSettings, type MqttStatus } from '../../shared/integrations.ts';
import { useServices } from '../app/use-live.ts';
import { Field } from '../cameras/Field.tsx';
import { settingsErrorsOf, type SettingsErrors } from './settings-draft.ts';

type Draft = { enabled: boolean; url: string; username: string; topicPrefix: string; caFile: string; fingerprint256: string; discovery: boolean; remoteControl: boolean; snapshotIntervalS: string };

const draftOf = (m: MqttSettings): Draft => ({
  enabled: m.enabled,
  url: m.url ?? '',
  username: m.username ?? '',
  topicPrefix: m.topicPrefix,
  caFile: m.caFile ?? '',
  fingerprint256: m.fingerprint256 ?? '',
  discovery: m.discovery,
  remoteControl: m.remoteControl,
  snapshotIntervalS: String(m.snapshotIntervalS),
});
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

const STATE_TEXT: Record<MqttStatus['state'], string> = {
  off: 'Off',
  connecting: 'Connecting…',
  connected: 'Connected',
  'auth-failed': 'Refused: wrong user or password',
  error: 'Not connected',
};

export function MqttSettingsPanel({ settings }: { settings: Settings }) {
  const { api } = useServices();
  const [draft, setDraft] = useState(() => draftOf(settings.mqtt));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [status, setStatus] = useState<string | null>(null);
  const [link, setLink] = useState<MqttStatus | null>(null);
  useEffect(() => setDraft(draftOf(settings.mqtt)), [settings.mqtt]);
  useEffect(() => {
    let alive = true;
    void api.mqtt.status().then((r) => alive && r.ok && setLink(r.value));
    const off = api.on('mqtt.status', ({ status: s }) => setLink(s));
    return () => {
      alive = false;
      off();
    };
  }, [api]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setStatus(null);
  };
  const text = (key: 'url' | 'username' | 'topicPrefix' | 'caFile' | 'fingerprint256' | 'snapshotIntervalS') => ({
    value: draft[key],
    onInput: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).value),
  });
  const check = (key: 'enabled' | 'discovery' | 'remoteControl') => ({
    checked: draft[key],
    onChange: (e: Event) => set(key, (e.currentTarget as HTMLInputElement).checked),
  });

  const save = async (event: Event) => {
    event.preventDefault();
    const local: SettingsErrors = {};
    const url = orNull(draft.url);
    const urlProblem = url === null ? (draft.enabled ? 'required to connect' : null) : brokerUrlProblem(url);
    if (urlProblem) local['mqtt.url'] = urlProblem;
    const prefixProblem = topicPrefixProblem(draft.topicPrefix.trim());
    if (prefixProblem) local['mqtt.topicPrefix'] = prefixProblem;
    const snapshotIntervalS = Number(draft.snapshotIntervalS.trim());
    if (!Number.isInteger(snapshotIntervalS)) local['mqtt.snapshotIntervalS'] = 'must be a whole number of seconds';
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return setStatus('Not saved: please correct the fields marked.');
    }
    if (password !== '') {
      const stored = await api.mqtt.setPassword({ password });
      if (!stored.ok) {
        setErrors({ 'mqtt.password': stored.error.message });
        return setStatus('Not saved: the password could not be kept.');
      }
      setPassword('');
    }
    const mqtt = {
      enabled: draft.enabled,
      url,
      username: orNull(draft.username),
      topicPrefix: draft.topicPrefix.trim(),
      caFile: orNull(draft.caFile),
      fingerprint256: orNull(draft.fingerprint256),
      discovery: draft.discovery,
      remoteControl: draft.remoteControl,
      snapshotIntervalS,
    };
    const result = await api.settings.set({ patch: { mqtt } });
    if (result.ok) {
      setErrors({});
      setStatus('MQTT saved.');
    } else {
      setErrors(settingsErrorsOf(result.error));
      setStatus(result.error.fields?.length ? 'Not saved: please correct the fields marked.' : result.error.message);
    }
  };
  const forgetPassword = async () => {
    const r = await api.mqtt.setPassword({ password: null });
    if (r.ok) setLink(r.value);
    setStatus(r.ok ? 'Password removed.' : r.error.message);
  };

  return (
    <form class="panel settings-panel" onSubmit={save} aria-labelledby="mqtt-title" noValidate data-testid="mqtt-settings">
      <h2 id="mqtt-title">MQTT and Home Assistant</h2>
      <p class={`mqtt-state mqtt-${link?.state ?? 'off'}`} role="status" data-testid="mqtt-state">
        <span class="mqtt-dot" aria-hidden="true" />
        <strong>{link ? STATE_TEXT[link.state] : '…'}</strong>
        {link?.message && <span class="hint"> {link.message}</span>}
      </p>
      <div class="form-grid">
        <label class="check">
          <input type="checkbox" id="mqtt-enabled" {...check('enabled')} />
          Publish to an MQTT broker
        </label>
        <Field id="mqtt-url" label="Broker URL" error={errors['mqtt.url']} hint="mqtt://host:1883, mqtts://host:8883, ws://host:9001 or wss://…; no user or password in it">
          {(a) => <input {...a} {...text('url')} class="mono" spellcheck={false} placeholder="mqtt://homeassistant.local:1883" />}
        </Field>
        <Field id="mqtt-username" label="User" error={errors['mqtt.username']}>
          {(a) => <input {...a} {...text('username')} autocomplete="off" spellcheck={false} />}
        </Field>
        <Field id="mqtt-password" label="Password" error={errors['mqtt.password']} hint={link?.hasPassword ? 'A password is kept (encrypted); type a new one to replace it' : 'Kept encrypted by the secret store, never shown again'}>
          {(a) => <input {...a} type="password" value={password} autocomplete="new-password" onInput={(e) => (setPassword((e.currentTarget as HTMLInputElement).value), setStatus(null))} />}
        </Field>
        <Field id="mqtt-topicPrefix" label="Topic prefix" error={errors['mqtt.topicPrefix']} hint="Topics are <prefix>/<camera id>/…">
          {(a) => <input {...a} {...text('topicPrefix')} class="mono" spellcheck={false} />}
        </Field>
        <Field id="mqtt-caFile" label="CA file (mqtts, wss)" error={errors['mqtt.caFile']} hint="An absolute path to a PEM file; empty = the system's CAs">
          {(a) => <input {...a} {...text('caFile')} class="mono" spellcheck={false} />}
        </Field>
        <Field id="mqtt-fingerprint" label="Pinned certificate (SHA-256, mqtts)" error={errors['mqtt.fingerprint256']} hint="For a self-signed broker: only this certificate is accepted">
          {(a) => <input {...a} {...text('fingerprint256')} class="mono" spellcheck={false} />}
        </Field>
        <Field id="mqtt-snapshotIntervalS" label="At most one snapshot per camera every (s)" error={errors['mqtt.snapshotIntervalS']}>
          {(a) => <input {...a} {...text('snapshotIntervalS')} inputMode="numeric" />}
        </Field>
        <label class="check">
          <input type="checkbox" id="mqtt-discovery" {...check('discovery')} />
          Home Assistant discovery (a device per camera: motion, stream, snapshot)
        </label>
        <label class="check">
          <input type="checkbox" id="mqtt-remoteControl" {...check('remoteControl')} />
          Obey commands from the broker (turn recording on and off): anyone who may publish to &lt;prefix&gt;/+/recording/set controls recording
        </label>
      </div>
      <div class="form-actions">
        <button type="submit" class="button primary">
          Save MQTT
        </button>
        {link?.hasPassword && (
          <button type="button" class="button" onClick={() => void forgetPassword()}>
            Remove the password
          </button>
        )}
        {status && (
          <span role="status" data-testid="mqtt-status">
            {status}
          </span>
        )}
      </div>
    </form>
  );
}
