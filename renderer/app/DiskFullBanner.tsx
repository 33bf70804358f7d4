// The data disk is full (app.info's `storage`, kept current by `storage.changed`): a banner on
// every view, since saves and recording fail until there is space again.
import type { StorageInfo } from '../../shared/api/index.ts';

export function DiskFullBanner({ storage }: { storage: StorageInfo | undefined }) {
  if (storage?.state !== 'full') return null;
  return (
    <p class="banner-error" role="alert" data-testid="disk-full-banner">
      <strong>The disk is full.</strong> {storage.message}
    </p>
  );
}
