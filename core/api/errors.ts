/**
 * Errors SparseScope reports, and the one codec that carries them across every transport
 * (stream and model workers, Electron IPC, the web socket, in-process calls).
 *
 * Two classes, because people act on them differently:
 * - `UserError`: something the user can fix — a bad file, flag, config or request, a model an
 *   engine cannot run, a busy sweep. The message says what was wrong and where.
 * - `BugError`: SparseScope (or an engine it drives) broke — a crashed worker, an unexpected
 *   exception. The UI says "this is a bug" and what to report. Stacks stay in the host's log;
 *   they never travel to clients.
 */

/** Kinds of failure a user can fix; each names what to look at. */
export const USER_ERROR_KINDS = [
  /** A request that does not match the API contract (method, parameter types). */
  'BadRequest',
  /** A flag, option, shape or value out of range or malformed. */
  'BadInput',
  /** A run, sweep or benchmark_app config file that does not validate. */
  'BadConfig',
  /** A model file that is malformed (names the file and the place). */
  'BadModel',
  /** A valid model that an engine or transform cannot handle (names what is missing). */
  'UnsupportedModel',
  /** A results, profile or foreign-tool file that cannot be read as one. */
  'BadResults',
  /** A sweep folder that is missing, damaged, or not usable for what was asked. */
  'BadRunFolder',
  /** An id, file or folder that does not exist. */
  'NotFound',
  /** Refused: not from our window, wrong token, or outside the folders the user chose. */
  'Forbidden',
  /** Something else holds it (a sweep running in another process). */
  'Busy',
  /** The engine could not load or run the model; the message carries the engine's reason. */
  'RunFailed',
  /** The engine is not installed or cannot start on this machine (says how to enable it). */
  'EngineUnavailable',
  /** A file SparseScope needs was not built (says which build command makes it). */
  'NotBuilt',
  /** Writing an output file failed (folder missing, not writable, disk full). */
  'WriteFailed',
  /** The work did not finish in the time allowed. */
  'Timeout',
  /** The user (or a client) cancelled the work. */
  'Cancelled',
  /** The connection to the host is gone (client side only). */
  'Disconnected',
] as const;
export type ErrorKind = (typeof USER_ERROR_KINDS)[number];

/** Kinds of failure that are bugs or crashes, not the user's to fix. */
export const BUG_KINDS = [
  /** An unexpected exception in SparseScope's own code. */
  'InternalError',
  /** A worker or an engine's native code crashed or exited without answering. */
  'Crashed',
] as const;
export type BugKind = (typeof BUG_KINDS)[number];

/** Errors travel as data, never as thrown objects across a transport. */
export interface ApiErrorData {
  /** What kind of failure: a user-fixable kind, or a bug kind (see `isBug`). */
  name: ErrorKind | BugKind;
  /** One sentence for people: what failed and what to do. */
  message: string;
  /** Optional specifics: file, place, expected value, the engine's own words. */
  detail?: string;
}

/** An error meant for people: thrown inside core, turned into ApiErrorData at the edge. */
export class UserError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = kind;
  }
}

/** A bug or crash: reported as such, with what to include in a bug report. */
export class BugError extends Error {
  constructor(
    readonly kind: BugKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = kind;
  }
}

const BUG_REPORT_HINT =
  'This is a bug in SparseScope or the engine it drives. Please report it with the steps that led here; the host log has the technical details.';

/** Whether error data describes a bug (so the UI can say "this is a bug — please report"). */
export function isBug(data: Pick<ApiErrorData, 'name'>): boolean {
  return (BUG_KINDS as readonly string[]).includes(data.name);
}

/**
 * Anything thrown → data that can cross a transport. An unexpected exception becomes an
 * InternalError whose message names it; its stack is not included (log it where it happened).
 */
export function toErrorData(err: unknown): ApiErrorData {
  if (err instanceof UserError || err instanceof BugError) {
    return err.detail === undefined
      ? { name: err.kind, message: err.message }
      : { name: err.kind, message: err.message, detail: err.detail };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    name: 'InternalError',
    message: `Unexpected error: ${message}`,
    detail: BUG_REPORT_HINT,
  };
}

/** Error data (from any transport) → the error it describes; unknown kinds count as bugs. */
export function fromErrorData(data: ApiErrorData): UserError | BugError {
  const name: string = data.name;
  if ((USER_ERROR_KINDS as readonly string[]).includes(name))
    return new UserError(name as ErrorKind, data.message, data.detail);
  const kind = (BUG_KINDS as readonly string[]).includes(name)
    ? (name as BugKind)
    : 'InternalError';
  return new BugError(kind, data.message, data.detail ?? BUG_REPORT_HINT);
}

/** Error data from anything a call may reject with: an error, error data, or something else. */
export function describeError(err: unknown): ApiErrorData {
  return isErrorData(err) ? err : toErrorData(err);
}

/** Plain error data, as it arrives from a transport that cannot carry Error objects. */
function isErrorData(x: unknown): x is ApiErrorData {
  if (typeof x !== 'object' || x === null || x instanceof Error) return false;
  const d = x as Partial<Record<keyof ApiErrorData, unknown>>;
  return (
    typeof d.name === 'string' &&
    [...USER_ERROR_KINDS, ...BUG_KINDS].includes(d.name as ErrorKind) &&
    typeof d.message === 'string' &&
    (d.detail === undefined || typeof d.detail === 'string')
  );
}
