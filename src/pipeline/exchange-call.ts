/**
 * A request as an endpoint sees it (src/dialects/endpoint.ts `Call`), whatever the transport: its
 * path parameters (found by the pipeline's routing), its query (parsed as Express's "extended" parser
 * does, with qs, on first use), its body, and what the pipeline decided for it — the
 * unknown-parameters policy, the request options and the journal's "answered from the store" note.
 */
import { parse as parseQuery } from 'qs';
import type { Call } from '../dialects/endpoint';
import type { RequestParsing } from '../core/services';
import type { RequestOptions } from '../emulator-types';
import type { UnknownParamsPolicy } from '../validation/unknown-params';
import type { ArrivingRequest, ReplyChannel } from './context';
import { noteAnswer, unknownParamsPolicy } from './journal-notes';
import { requestOptions } from './request-options';

export class ExchangeCall implements Call {
  private parsedQuery: Record<string, unknown> | undefined;

  constructor(
    private readonly req: ArrivingRequest,
    readonly params: Readonly<Record<string, string>>,
    private readonly res: ReplyChannel,
    private readonly core: Pick<RequestParsing, 'config'>,
  ) {}

  get query(): Readonly<Record<string, unknown>> {
    if (this.parsedQuery) return this.parsedQuery;
    const url = this.req.originalUrl;
    const start = url.indexOf('?');
    return (this.parsedQuery = parseQuery(start < 0 ? '' : url.slice(start + 1), { allowPrototypes: true }) as Record<string, unknown>);
  }

  get body(): unknown {
    return this.req.body;
  }

  policy(): UnknownParamsPolicy {
    return unknownParamsPolicy(this.core, this.res);
  }

  options(): RequestOptions {
    return requestOptions(this.req, this.res.locals);
  }

  answeredFromStore(responseId: string): void {
    noteAnswer(this.res, 'store', { responseId });
  }
}
