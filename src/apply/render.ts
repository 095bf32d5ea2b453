/**
 * A plan in words and as data. `+` create, `~` update (old → new per field), `-` delete,
 * `!` cannot change in place, `-/+` recreate. Secrets never appear: a password shows as
 * "password (changed)", URIs in parameter values are masked, hashes are never shown.
 */
import { show, type Difference } from '../kinds/kind.js';
import { maskedValue } from '../kinds/parameter.js';
import type { Execution } from './execute.js';
import type { Step, Summary } from './plan.js';

export type Sign = '+' | '~' | '-' | '!' | '-/+';

/** What a step does, as a word of the JSON plan and a sign of the text one. */
export function actionOf(s: Step): { word: string; sign: Sign } {
  switch (s.change.action) {
    case 'create':
      return { word: 'create', sign: '+' };
    case 'update':
      return { word: 'update', sign: '~' };
    case 'delete':
      return { word: 'delete', sign: '-' };
    case 'conflict':
      return s.recreate ? { word: 'recreate', sign: '-/+' } : { word: 'conflict', sign: '!' };
    default:
      return { word: 'unchanged', sign: '~' };
  }
}

const subjectOf = (s: Step) => (s.change.want ?? s.change.have) as unknown;

/** One field's change in words: "type: classic → quorum", "password (changed)". */
export function fieldChange(d: Difference): string {
  if (d.secret) return `${d.field} (changed)`;
  const side = (v: unknown) => (v === undefined ? '(none)' : show(maskedValue(v)));
  return `${d.field}: ${side(d.have)} → ${side(d.want)}`;
}

/** The lines of one step: a head line, then one line per field for an update or a conflict. */
export function stepLines(s: Step): string[] {
  const { sign } = actionOf(s);
  const what = s.change.kind.describe(subjectOf(s));
  const messages = s.messages !== undefined && s.messages > 0 ? ` (${s.messages} message${s.messages === 1 ? '' : 's'} lost)` : '';
  const head = (() => {
    switch (sign) {
      case '!':
        return `! ${what}: cannot change in place; --recreate deletes and declares it again${messages}`;
      case '-/+':
        return `-/+ ${what}: deleted and declared again${messages}`;
      case '-':
        return `- ${what}${messages}`;
      case '+':
        return `+ ${what}${s.rebind ? ' (again: it goes with the object recreated)' : ''}`;
      default:
        return `~ ${what}`;
    }
  })();
  const fields = s.change.action === 'update' || s.change.action === 'conflict' ? s.change.differences.map((d) => `    ${fieldChange(d)}${d.mutable || s.change.action === 'update' ? '' : ' (fixed)'}`) : [];
  return [head, ...fields];
}

export function summaryWords(sum: Summary): string {
  const parts = [`${sum.create} to create`, `${sum.update} to update`, `${sum.delete} to delete`];
  if (sum.recreate) parts.push(`${sum.recreate} to recreate`);
  if (sum.conflict) parts.push(`${sum.conflict} that cannot change in place (needs --recreate)`);
  return `Plan: ${parts.join(', ')}; ${sum.unchanged} unchanged.`;
}

/** A step as data: the action, the object's identity, the fields that differ (secrets as changed:true). */
export function stepJson(s: Step): Record<string, unknown> {
  const { kind, differences } = s.change;
  const { kind: _kind, ...id } = kind.identity(subjectOf(s));
  const doc: Record<string, unknown> = { action: actionOf(s).word, kind: kind.name, ...maskedIdentity(id) };
  if (differences.length) {
    doc.fields = differences.map((d) => (d.secret ? { field: d.field, changed: true } : { field: d.field, have: maskedValue(d.have), want: maskedValue(d.want), mutable: d.mutable }));
  }
  if (s.messages !== undefined) doc.messages = s.messages;
  if (s.rebind) doc.rebind = true;
  return doc;
}

/** Identity fields in the API's words (a binding's destination type). */
function maskedIdentity(id: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(id)) {
    if (k === 'destinationType') out.destination_type = v === 'q' ? 'queue' : 'exchange';
    else if (k === 'routingKey') out.routing_key = v;
    else out[k] = v;
  }
  return out;
}

export function executionJson(x: Execution): Record<string, unknown> {
  return {
    applied: x.applied.map(stepJson),
    failed: x.failed.map((f) => ({ ...stepJson(f.step), error: f.error })),
    not_attempted: x.notAttempted.map(stepJson),
  };
}
