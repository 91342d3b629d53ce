/**
 * What a call (src/dialects/endpoint.ts) reads from its exchange whatever the transport: the
 * unknown-parameters policy, the request options and the journal's "answered from the store" note.
 * Each transport's call adds only how it gets the path parameters, the query and the body.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Call } from '../dialects/endpoint';
import type { Emulator, RequestOptions } from '../emulator';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import type { ReplyChannel } from './context';
import { noteAnswer, unknownParamsPolicy } from './journal-notes';
import { requestOptions } from './request-options';

export abstract class ExchangeCall implements Call {
  abstract readonly params: Readonly<Record<string, string>>;
  abstract readonly query: Readonly<Record<string, unknown>>;
  abstract readonly body: unknown;

  constructor(
    protected readonly req: { headers: IncomingHttpHeaders },
    protected readonly res: ReplyChannel,
    protected readonly emulator: Emulator,
  ) {}

  policy(): UnknownParamsPolicy {
    return unknownParamsPolicy(this.emulator, this.res);
  }

  options(): RequestOptions {
    return requestOptions(this.req, this.res.locals);
  }

  answeredFromStore(responseId: string): void {
    noteAnswer(this.res, 'store', { responseId });
  }
}
