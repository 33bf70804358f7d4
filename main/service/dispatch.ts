// The one door into the core, used by both shells: the Electron IPC handler and the WebSocket
// server call `dispatch(name, rawArgs, context)` with whatever arrived, and it
//   1. refuses a name that is not in the contract (shared/api/calls.ts),
//   2. validates the argument against the call's schema (field errors name the field),
//   3. runs the handler, and
//   4. answers a Result, never throws: a ServiceError keeps its code and message, a
//      ValidationError from the registry becomes 'invalid-argument' with its fields, and
//      a full disk (ENOSPC, EDQUOT, SQLITE_FULL) becomes 'disk-full', and anything else becomes 'internal' with a message that carries no stack and no secret
//      (the error goes to the shell's log through `onInternalError`).
import { calls, isCallName, type CallName, type CallResult, type ValidArgs } from '../../shared/api/calls.ts';
import type { ApiPushes, PushName } from '../../shared/api/pushes.ts';
import { fail, ok, type Result } from '../../shared/api/result.ts';
import { fieldErrors, formatFieldErrors, ValidationError } from '../../shared/validation.ts';
import { isDiskFullError } from '../registry/disk-full.ts';
import { ServiceError } from './service-error.ts';

/**
 * One connected client (a window, a browser's WebSocket), for what a client owns: playback
 * sessions are its own, their pushes go to it alone, and they close when it goes away.
 */
export type ClientHandle = {
  /** Unique among the clients connected now: 'window 3', 'ws client 7'. */
  readonly id: string;
  /** Sends a push to this client only. */
  push<E extends PushName>(name: E, payload: ApiPushes[E]): void;
  /** Runs `fn` once when the client goes away. */
  onClose(fn: () => void): void;
};

/** Who is calling; handlers may use it (app.info reports the shell). */
export type CallContext = {
  shell: 'electron' | 'browser';
  /** For logs: 'ws client 3', 'window 1'. */
  caller: string;
  /** Absent for callers that are not a connected client (tests, scripts): they cannot play back. */
  client?: ClientHandle;
};

export type Handler<K extends CallName> = (args: ValidArgs<K>, context: CallContext) => CallResult<K> | Promise<CallResult<K>>;
export type Handlers = { [K in CallName]: Handler<K> };

export type Dispatch = (name: unknown, rawArgs: unknown, context: CallContext) => Promise<Result<unknown>>;

export type DispatcherOptions = {
  /** An unexpected error inside a handler; for the log, already stripped from the reply. */
  onInternalError?(name: CallName, error: unknown): void;
  /**
   * A call failed for lack of space (ENOSPC, EDQUOT, SQLITE_FULL): returns the 'disk-full' error
   * to answer with. Without it such a failure is 'internal' like any other.
   */
  onDiskFull?(name: CallName, error: unknown): ServiceError;
  /** Refuses a call before it runs (e.g. a save while the disk was full at start). */
  refuse?(name: CallName): ServiceError | null;
};

const MAX_NAME_IN_MESSAGE = 60;

export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (name, rawArgs, context) => {
    if (!isCallName(name)) {
      const shown = typeof name === 'string' ? `'${name.slice(0, MAX_NAME_IN_MESSAGE)}'` : `a ${typeof name}`;
      return fail('unknown-call', `${shown} is not a Camwall API call; see shared/api/calls.ts for the list.`);
    }
    const parsed = calls[name].args.safeParse(rawArgs === undefined ? {} : rawArgs);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      return fail('invalid-argument', `${name}: ${formatFieldErrors(fields)}`, fields);
    }
    const refusal = options.refuse?.(name);
    if (refusal) return fail(refusal.code, refusal.message);
    const handler = handlers[name] as Handler<typeof name>;
    try {
      return ok(await handler(parsed.data as ValidArgs<typeof name>, context));
    } catch (error) {
      return toFailure(name, error, options);
    }
  };
}

function toFailure(name: CallName, error: unknown, options: DispatcherOptions): Result<never> {
  if (error instanceof ServiceError) return fail(error.code, error.message, [...error.fields]);
  if (error instanceof ValidationError) return fail('invalid-argument', error.message, [...error.fields]);
  if (options.onDiskFull && isDiskFullError(error)) {
    const diskFull = options.onDiskFull(name, error);
    return fail(diskFull.code, diskFull.message);
  }
  options.onInternalError?.(name, error);
  return fail('internal', `${name} failed unexpectedly; the details are in Camwall's log. Try again, and report it if it keeps happening.`);
}

/** Type helper so a handler table can be written call by call with checked types. */
export function defineHandlers(handlers: Handlers): Handlers {
  return handlers;
}

export type { CallResult, ValidArgs };
