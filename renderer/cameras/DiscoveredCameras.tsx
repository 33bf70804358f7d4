// "Found on your network" in the add-camera form: a scan of the local network (cameras.discover)
// when the user asks for one, never on its own, and the devices it found, each with "Use this"
// to fill the form. A factory-default Axis camera says it must be set up in its own web page
// first: it has no account yet, so no user name and password Camwall could use exist.
import { useState } from 'preact/hooks';
import type { DiscoveredCamera, DiscoveryReport } from '../../shared/discovery.ts';
import { useServices } from '../app/use-live.ts';
import { FormError } from '../shell/FormError.tsx';
import { suggestedName } from './discovered-draft.ts';

type Props = { onUse: (device: DiscoveredCamera, foundNames: string[]) => void };

const SOURCE_LABELS: Record<DiscoveredCamera['sources'][number], string> = {
  '_axis-video._tcp': 'Bonjour',
  '_vapix-http._tcp': 'Bonjour',
  '_vapix-https._tcp': 'Bonjour',
  '_http._tcp': 'Bonjour',
  'ws-discovery': 'ONVIF',
};

export function webAddress(device: DiscoveredCamera): string {
  return `${device.scheme}://${device.host}${device.port === null ? '' : `:${device.port}`}/`;
}

export function DiscoveredCameras({ onUse }: Props) {
  const { api } = useServices();
  const [scanning, setScanning] = useState(false);
  const [report, setReport] = useState<DiscoveryReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [used, setUsed] = useState<string | null>(null);

  const scan = async () => {
    setScanning(true);
    setError(null);
    const result = await api.cameras.discover({});
    setScanning(false);
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };

  const foundNames = report?.devices.map(suggestedName) ?? [];
  return (
    <section class="discovered" aria-labelledby="discovered-title" data-testid="discovered-cameras">
      <div class="discovered-head">
        <h3 id="discovered-title">Found on your network</h3>
        <button type="button" class="button small" disabled={scanning} onClick={() => void scan()}>
          {scanning ? 'Searching…' : report ? 'Search again' : 'Search the network'}
        </button>
      </div>
      <FormError message={error} />
      {!report && !scanning && <p class="hint">Asks the local network for Axis and ONVIF cameras (Bonjour and WS-Discovery) for a few seconds.</p>}
      {report && report.devices.length === 0 && (
        <p class="hint">No camera answered. Cameras on another subnet, or with Bonjour and ONVIF discovery turned off, do not answer: type the address below.</p>
      )}
      {report && report.devices.length > 0 && (
        <ul class="discovered-list">
          {report.devices.map((device) => (
            <li key={device.id} class={`discovered-item${used === device.id ? ' discovered-used' : ''}`} data-testid="discovered-camera">
              <div class="discovered-text">
                <strong class="discovered-name">{suggestedName(device)}</strong>
                <span class="discovered-meta">
                  {[webAddress(device), device.model !== null && !suggestedName(device).includes(device.model) ? device.model : null, device.serial !== null ? `serial ${device.serial}` : null, [...new Set(device.sources.map((s) => SOURCE_LABELS[s]))].join(' + ')]
                    .filter((part) => part !== null)
                    .join(' · ')}
                </span>
                {device.setupNeeded && (
                  <span class="discovered-setup" data-testid="discovered-setup">
                    Needs set-up first: this camera has no account yet. Open {webAddress(device)} in a browser, create its first account, then enter that user name and password here.
                  </span>
                )}
                {!device.setupNeeded && device.http?.status === null && <span class="discovered-warning">Its web page did not answer ({device.http.error}).</span>}
              </div>
              <button
                type="button"
                class="button small"
                aria-label={`Use ${suggestedName(device)} at ${device.host}`}
                onClick={() => {
                  setUsed(device.id);
                  onUse(device, foundNames);
                }}
              >
                {used === device.id ? 'In the form' : 'Use this'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {report?.truncated && <p class="hint">More devices answered than are listed here.</p>}
      {report?.problems.map((problem) => (
        <p key={problem} class="hint tone-warning">
          {problem}
        </p>
      ))}
    </section>
  );
}
