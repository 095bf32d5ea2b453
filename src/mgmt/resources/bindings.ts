import type { Http } from '../http.js';
import { path } from '../path.js';
import { t, listing } from './common.js';
import type { Target } from '../errors.js';
import type { Binding, Json } from '../types.js';

export type DestinationType = 'q' | 'e';

export class BindingsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/bindings or /api/bindings/{vhost} */
  list(vhost?: string): Promise<Binding[]> {
    return this.http.get(...listing('bindings', vhost));
  }
  /** The same list as it arrives, in batches (Http.getList): a broker with 50,000 queues has 50,000 bindings at least. */
  stream(vhost?: string): AsyncGenerator<Binding[]> {
    return this.http.getList(...listing('bindings', vhost));
  }
  /** GET /api/queues/{vhost}/{queue}/bindings */
  ofQueue(vhost: string, queue: string): Promise<Binding[]> {
    return this.http.get(path('queues', vhost, queue, 'bindings'), t('list bindings of', 'queue', queue, vhost));
  }
  /** GET /api/exchanges/{vhost}/{exchange}/bindings/source */
  fromExchange(vhost: string, exchange: string): Promise<Binding[]> {
    return this.http.get(path('exchanges', vhost, exchange, 'bindings', 'source'), t('list bindings of', 'exchange', exchange, vhost));
  }
  /** GET /api/bindings/{vhost}/e/{source}/{q|e}/{destination}: every binding between the two */
  between(vhost: string, source: string, type: DestinationType, destination: string, target: Target): Promise<Binding[]> {
    return this.http.get(path('bindings', vhost, 'e', source, type, destination), target);
  }
  /** POST /api/bindings/{vhost}/e/{source}/{q|e}/{destination}: {routing_key, arguments} */
  async create(vhost: string, source: string, type: DestinationType, destination: string, body: { routing_key: string; arguments: Json }, target: Target): Promise<void> {
    await this.http.request('POST', path('bindings', vhost, 'e', source, type, destination), body, target);
  }
  /** DELETE /api/bindings/{vhost}/e/{source}/{q|e}/{destination}/{properties_key} */
  async delete(vhost: string, source: string, type: DestinationType, destination: string, propertiesKey: string, target: Target): Promise<void> {
    await this.http.request('DELETE', path('bindings', vhost, 'e', source, type, destination, propertiesKey), undefined, target);
  }
}
