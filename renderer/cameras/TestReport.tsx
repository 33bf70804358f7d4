// What "Test connection" found (cameras.test): the device, the stream, or the failure; and for an
// https camera with an unpinned certificate, its SHA-256 fingerprint with a button to trust it.
import type { CameraTestReport } from '../../shared/api/index.ts';

/** An encoder's channels: how many it has, those the button adds, those already in the list. */
export type ChannelOffer = { sources: number; toAdd: number[]; skipped: number[] };

type Props = {
  report: CameraTestReport;
  onTrustCertificate: (sha256: string) => void;
  channels: ChannelOffer | null;
  addingChannels: boolean;
  onAddChannels: () => void;
};

export function TestReport({ report, onTrustCertificate, channels, addingChannels, onAddChannels }: Props) {
  const device = report.device;
  const rows: Array<[string, string | null]> = [
    ['Model', device ? (device.productName ?? device.model) : null],
    ['Firmware', device?.firmware ?? null],
    ['Serial number', device?.serial ?? null],
    ['Authentication', report.authScheme === null ? null : authLabel(report.authScheme)],
    ['HTTP status', report.httpStatus === null ? null : String(report.httpStatus)],
    ['Video channels', report.videoSources === null ? null : String(report.videoSources)],
    ['Resolutions offered', report.resolutions.length > 0 ? report.resolutions.join(', ') : null],
    ['First frame', report.firstFrameMs === null ? null : `after ${report.firstFrameMs} ms${report.width ? `, ${report.width}×${report.height}` : ''}`],
    ['Camera events', eventsLabel(report.events)],
    ['Frame rate', report.fps === null ? null : `${report.fps.toFixed(1)} fps (${report.framesSeen} frames in ${(report.measuredMs / 1000).toFixed(1)} s)`],
  ];
  const cert = report.certificate;
  return (
    <section class={`test-report ${report.ok ? 'test-ok' : 'test-failed'}`} aria-live="polite" data-testid="test-report">
      <h3>{report.ok ? 'The camera answered with a usable stream' : 'The test failed'}</h3>
      {report.failure && <p class="test-failure">{report.failure.message}</p>}
      <dl>
        {rows
          .filter((row): row is [string, string] => row[1] !== null)
          .map(([label, value]) => (
            <div key={label} class="test-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {cert && !cert.pinned && !cert.trusted && (
        <div class="cert-confirm">
          <p>
            The camera presented a certificate that is not trusted (self-signed cameras do this). Compare this SHA-256 fingerprint with the one shown on
            the camera's own web page before trusting it:
          </p>
          <code class="fingerprint">{formatFingerprint(cert.sha256)}</code>
          <button type="button" class="button" onClick={() => onTrustCertificate(cert.sha256)}>
            Trust this certificate
          </button>
        </div>
      )}
      {cert && cert.pinned && <p class="hint">The certificate matches the pinned fingerprint.</p>}
      {channels && (
        <div class="channel-offer" data-testid="channel-offer">
          <p>
            This device has {channels.sources} video channels.{' '}
            {channels.toAdd.length === 0
              ? 'All of them are in your camera list.'
              : channels.skipped.length > 0
                ? `${channels.skipped.length === 1 ? 'Channel' : 'Channels'} ${channels.skipped.join(', ')} ${channels.skipped.length === 1 ? 'is' : 'are'} in your camera list already.`
                : 'Add each of them as a camera, named after this one with its channel number?'}
          </p>
          {channels.toAdd.length > 0 && (
            <button type="button" class="button" disabled={addingChannels} onClick={onAddChannels}>
              {addingChannels ? 'Adding…' : channels.skipped.length > 0 ? `Add the other ${channels.toAdd.length} channels` : `Add channels 1–${channels.sources} as cameras`}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}

function eventsLabel(events: CameraTestReport['events']): string | null {
  if (events === null) return null;
  if (events.state === 'offered') return events.topics.length > 0 ? events.topics.join(', ') : 'an event stream, but none of the events Camwall follows';
  if (events.state === 'unsupported') return 'none: this firmware has no event stream (Camwall does not use the camera’s own events)';
  return `not read: ${events.reason}`;
}

function authLabel(scheme: NonNullable<CameraTestReport['authScheme']>): string {
  if (scheme === 'none') return 'none required';
  if (scheme === 'basic') return 'Basic';
  return `Digest (${scheme.replace('digest-', '').toUpperCase().replace('-SESS', '-sess')})`;
}
