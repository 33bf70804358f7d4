// The data disk (app.info's `storage`, kept current by `storage.changed`): a red banner on every
// view while it is full, since saves and recording fail until there is space again, and an amber
// one for each thing retention cannot do (keep free space without deleting recent recordings, a
// limit smaller than one recording).
import type { StorageInfo } from '../../shared/api/index.ts';

export function StorageBanner({ storage }: { storage: StorageInfo | undefined }) {
  if (!storage) return null;
  return (
    <>
      {storage.state === 'full' && (
        <p class="banner-error" role="alert" data-testid="disk-full-banner">
          <strong>The disk is full.</strong> {storage.message}
        </p>
      )}
      {storage.warnings.map((warning) => (
        <p key={warning} class="banner-warning" role="note" data-testid="retention-warning">
          {warning}
        </p>
      ))}
    </>
  );
}
