/**
 * iptables and nftables state of the machine, and the removal of what the real node added: chains named
 * KUBE-* (kube-proxy, kubelet) and CNI-* (the portmap plugin), the rules that jump to them, and the nftables
 * tables that held nothing before (iptables-nft creates `ip nat`, `ip filter`, … on first use).
 */
import { tryRun, which } from './host.js';

/** An address family's iptables front end. */
export type Family = 'ipv4' | 'ipv6';
/** Both families. */
export const FAMILIES: Family[] = ['ipv4', 'ipv6'];

const SAVE: Record<Family, string> = { ipv4: 'iptables-save', ipv6: 'ip6tables-save' };
const RESTORE: Record<Family, string> = { ipv4: 'iptables-restore', ipv6: 'ip6tables-restore' };
const OURS = /^(KUBE|CNI)-/;
const BUILTIN = new Set(['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']);

/** One table of iptables-save output: chain names and rules (`-A CHAIN …` lines, counters dropped). */
export interface IptablesTable {
  chains: string[];
  rules: string[];
}

/** iptables-save output by table name. */
export type IptablesState = Record<string, IptablesTable>;

/** Parses iptables-save output. */
export function parseIptablesSave(text: string): IptablesState {
  const state: IptablesState = {};
  let table: IptablesTable | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) state[line.slice(1)] = table = { chains: [], rules: [] };
    else if (table && line.startsWith(':')) table.chains.push(line.slice(1).split(' ')[0] ?? '');
    else if (table && line.startsWith('-A ')) table.rules.push(line.replace(/^\[\d+:\d+\] /, ''));
  }
  return state;
}

/** The current iptables rules of a family ('' when its iptables is not installed). */
export function iptablesSave(family: Family): string {
  if (!which(SAVE[family])) return '';
  const r = tryRun(SAVE[family], []);
  return r.status === 0 ? r.stdout : '';
}

const chainOf = (rule: string): string => rule.split(' ')[1] ?? '';
const targetOf = (rule: string): string => / -[jg] (\S+)/.exec(rule)?.[1] ?? '';

/** The iptables-restore input that removes, from `now`, the KUBE-/CNI- chains and rules `before` did not have. */
export function removalScript(before: IptablesState, now: IptablesState): string {
  let script = '';
  for (const [name, table] of Object.entries(now)) {
    const old = before[name] ?? { chains: [], rules: [] };
    const newChains = table.chains.filter((c) => OURS.test(c) && !old.chains.includes(c));
    const oldRules = new Set(old.rules);
    const deletions = table.rules
      .filter((r) => !oldRules.has(r) && !newChains.includes(chainOf(r)) && (OURS.test(chainOf(r)) || OURS.test(targetOf(r))))
      .map((r) => `-D ${r.slice(3)}`);
    if (deletions.length === 0 && newChains.length === 0) continue;
    script += [`*${name}`, ...deletions, ...newChains.map((c) => `-F ${c}`), ...newChains.map((c) => `-X ${c}`), 'COMMIT', ''].join('\n');
  }
  return script;
}

/** Removes what the real node added to a family's iptables since `beforeText`; returns problems. */
export function restoreIptables(family: Family, beforeText: string): string[] {
  const script = removalScript(parseIptablesSave(beforeText), parseIptablesSave(iptablesSave(family)));
  if (!script) return [];
  const r = tryRun(RESTORE[family], ['--noflush'], script);
  return r.status === 0 ? [] : [`${RESTORE[family]} could not remove the real node's rules: ${r.stderr.trim()}`];
}

/** nftables tables as `family name` (empty when nft is not installed). */
export function nftTables(): string[] {
  if (!which('nft')) return [];
  const r = tryRun('nft', ['list', 'tables']);
  return r.stdout.split('\n').map((l) => l.replace(/^table /, '').trim()).filter(Boolean);
}

/** Whether a table holds no rules and only built-in chains (what iptables-nft leaves after a cleanup). */
function emptyTable(state: IptablesState, name: string): boolean {
  const table = state[name];
  return table === undefined || (table.rules.length === 0 && table.chains.every((c) => BUILTIN.has(c)));
}

/** Deletes the nftables tables that did not exist before, when they are empty or kube-proxy's own. */
export function restoreNftTables(before: string[]): string[] {
  const problems: string[] = [];
  const saved: Record<string, IptablesState> = { ip: parseIptablesSave(iptablesSave('ipv4')), ip6: parseIptablesSave(iptablesSave('ipv6')) };
  for (const entry of nftTables().filter((t) => !before.includes(t))) {
    const [family = '', name = ''] = entry.split(' ');
    const state = saved[family];
    if (name !== 'kube-proxy' && (state === undefined || !emptyTable(state, name))) {
      problems.push(`nftables table ${entry} appeared during the run and is not empty; left in place`);
      continue;
    }
    const r = tryRun('nft', ['delete', 'table', family, name]);
    if (r.status !== 0) problems.push(`nft delete table ${entry}: ${r.stderr.trim()}`);
  }
  return problems;
}
