import type { Command } from 'commander';
import { noun } from '../../cli/command.js';
import { exchangeBind, exchangeUnbind } from './bind.js';
import { exchangeDeclare } from './declare.js';
import { exchangeDelete } from './delete.js';
import { exchangeList } from './list.js';
import { exchangeShow } from './show.js';

/** `exchange declare|delete|list|show|bind|unbind` (bind/unbind: exchange to exchange). */
export function registerExchange(program: Command): void {
  const exchange = noun(program, 'exchange', 'exchanges: declare, delete, list, show, bind, unbind (exchange to exchange)', 'exchanges');
  exchangeDeclare(exchange);
  exchangeDelete(exchange);
  exchangeList(exchange);
  exchangeShow(exchange);
  exchangeBind(exchange);
  exchangeUnbind(exchange);
}
