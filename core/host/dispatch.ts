import type { ResponseMessage } from '../api/protocol';
import { toErrorData, UserError } from '../api/errors';
import type { Host } from './host';
import { PARAMS, requestSchema } from './params';

/** Validate one wire request, run its handler, and answer with data — never a throw. */
export async function dispatch(host: Host, message: unknown): Promise<ResponseMessage> {
  const id =
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { id?: unknown }).id === 'string'
      ? (message as { id: string }).id
      : '';
  try {
    const request = requestSchema.safeParse(message);
    if (!request.success) {
      throw new UserError('BadRequest', 'Malformed request.', z4Summary(request.error.issues));
    }
    const { method, params } = request.data;
    const checked = PARAMS[method].safeParse(params);
    if (!checked.success) {
      throw new UserError(
        'BadRequest',
        `Bad parameters for ${method}.`,
        z4Summary(checked.error.issues),
      );
    }
    const handler = host.handlers[method] as (ctx: unknown, ...p: unknown[]) => Promise<unknown>;
    const result = await handler(host.contextFor(request.data.id), ...(checked.data as unknown[]));
    return { kind: 'response', id, ok: true, result };
  } catch (err) {
    // A bug's stack goes to the host's log, never to the client.
    if (!(err instanceof UserError)) console.error(`sparsescope: request ${id} failed:`, err);
    return { kind: 'response', id, ok: false, error: toErrorData(err) };
  }
}

function z4Summary(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
