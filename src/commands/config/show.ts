import { defineCommand } from '../../cli/define.js';
import { maskUrl, type Origin, type Settings } from '../../config/resolve.js';
import type { SettingKey } from '../../config/settings.js';
import type { View } from '../../render/view.js';

export const MASK = '********';

export interface SettingRow {
  /** the config-file key (url, amqp_url, …); profile and config have none and keep their own name */
  setting: string;
  /** never a secret: passwords are masked, URLs go through maskUrl */
  value: string | number | boolean | null;
  origin: Origin;
}

export const CONFIG_VIEW: View = [{ key: 'setting' }, { key: 'value', human: (v) => (v === null || v === undefined ? '(not set)' : String(v)) }, { key: 'source' }];

const NOT_SET: Origin = { kind: 'default', detail: 'not set' };
const DEFAULT: Origin = { kind: 'default', detail: 'default' };

/** Every resolved connection setting, in the order of the settings table, with its origin. */
export function settingRows(s: Settings): SettingRow[] {
  const o = (k: SettingKey, fallback: Origin = DEFAULT): Origin => s.origins[k] ?? fallback;
  const urls = (list: string[]) => list.map(maskUrl).join(',');
  return [
    { setting: 'url', value: urls(s.urls), origin: o('url') },
    { setting: 'amqp_url', value: urls(s.amqpUrls), origin: o('amqpUrl') },
    { setting: 'username', value: s.username, origin: o('username') },
    { setting: 'password', value: s.password === '' ? null : MASK, origin: o('password') },
    { setting: 'vhost', value: s.vhost, origin: o('vhost') },
    { setting: 'profile', value: s.profile, origin: o('profile') },
    { setting: 'config', value: s.configPath, origin: o('config') },
    { setting: 'cacert', value: s.cacert ?? null, origin: o('cacert', NOT_SET) },
    { setting: 'cert', value: s.cert ?? null, origin: o('cert', NOT_SET) },
    { setting: 'key', value: s.key ?? null, origin: o('key', NOT_SET) },
    { setting: 'insecure', value: s.insecure, origin: o('insecure') },
    { setting: 'timeout', value: s.timeoutMs / 1000, origin: o('timeout') },
  ];
}

/** "flag --vhost", "env RMQX_VHOST", "profile 'ci' in /home/a/.config/rmqx/config.json", "default". */
export function sourceText(origin: Origin): string {
  switch (origin.kind) {
    case 'flag':
    case 'env':
      return `${origin.kind} ${origin.detail}`;
    case 'profile':
      return origin.detail;
    case 'default':
      return 'default';
    default:
      return `${origin.kind} (${origin.detail})`;
  }
}

export const configShow = defineCommand({
  name: 'show',
  summary: 'print each connection setting, its value and where it came from (secrets masked; does not contact the broker)',
  async run(ctx) {
    const rows = settingRows(ctx.settings);
    // --json: one object keyed by setting, with the origin's kind and detail apart
    const asJson = () => Object.fromEntries(rows.map((r) => [r.setting, { value: r.value, source: r.origin.kind, detail: r.origin.detail }]));
    await ctx.out.list(
      rows.map((r) => ({ setting: r.setting, value: r.value, source: sourceText(r.origin) })),
      CONFIG_VIEW,
      { asJson },
    );
  },
});
