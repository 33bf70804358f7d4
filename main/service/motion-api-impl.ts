// The API's motion calls over the registry's motion tables and the searches (MotionApi).
import type { CallResult, ValidArgs } from '../../shared/api/calls.ts';
import type { MotionStore } from '../registry/motion-store.ts';
import { readJpegSize } from '../stream/jpeg.ts';
import type { ClientHandle } from './dispatch.ts';
import type { MotionApi } from './motion-api.ts';
import type { MotionSearches } from './motion-search.ts';
import { ServiceError } from './service-error.ts';

/** Events `motion.events` returns when the call gives no limit. */
export const DEFAULT_MOTION_EVENTS_PER_QUERY = 200;

export function createMotionApi(store: MotionStore, searches: MotionSearches): MotionApi {
  return {
    events: (query: ValidArgs<'motion.events'>) =>
      store.events({
        fromMs: query.fromMs,
        toMs: query.toMs,
        limit: query.limit ?? DEFAULT_MOTION_EVENTS_PER_QUERY,
        ...(query.cameraIds ? { cameraIds: query.cameraIds } : {}),
        ...(query.zone === undefined ? {} : { zone: query.zone }),
      }),
    thumbnail(id: number): CallResult<'motion.thumbnail'> {
      const found = store.thumbnail(id);
      if (!found) throw new ServiceError('not-found', `Motion event ${id} has no thumbnail: it is gone (retention), still going on, or its picture was not kept.`);
      const size = readJpegSize(found.jpeg);
      const jpeg = new ArrayBuffer(found.jpeg.byteLength);
      new Uint8Array(jpeg).set(found.jpeg);
      return { cameraId: found.cameraId, seq: id, capturedAt: found.atMs, width: size?.width ?? 0, height: size?.height ?? 0, jpeg };
    },
    activity: (query: ValidArgs<'motion.activity'>) => store.activity(query.cameraIds, query.fromMs, query.toMs, query.buckets),
    search: (client: ClientHandle, query: ValidArgs<'motion.search'>) => searches.start(client, query),
    cancelSearch: (client: ClientHandle, id: number) => searches.cancel(client, id),
  };
}
