// What the API's motion calls need from the core (motion events, activity, search after the
// fact). The app provides it where motion is wired in; the handlers answer 'unavailable' without it.
import type { CallResult, ValidArgs } from '../../shared/api/calls.ts';
import type { ClientHandle } from './dispatch.ts';

export interface MotionApi {
  events(query: ValidArgs<'motion.events'>): CallResult<'motion.events'> | Promise<CallResult<'motion.events'>>;
  thumbnail(id: number): CallResult<'motion.thumbnail'> | Promise<CallResult<'motion.thumbnail'>>;
  activity(query: ValidArgs<'motion.activity'>): CallResult<'motion.activity'> | Promise<CallResult<'motion.activity'>>;
  /** Starts a search owned by `client`: its `motion.search` pushes go to that client, and it ends when the client goes away. */
  search(client: ClientHandle, query: ValidArgs<'motion.search'>): CallResult<'motion.search'> | Promise<CallResult<'motion.search'>>;
  cancelSearch(client: ClientHandle, id: number): CallResult<'motion.cancelSearch'> | Promise<CallResult<'motion.cancelSearch'>>;
}
