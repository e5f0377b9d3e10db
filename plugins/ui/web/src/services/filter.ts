import type { ServiceSummary } from '../health/summaries';

export type HealthFilter = 'all' | 'passing' | 'warning' | 'critical' | 'none';

export interface ServiceFilter {
  text: string;
  health: HealthFilter;
  tag: string;
}

export const noFilter: ServiceFilter = { text: '', health: 'all', tag: '' };

/** Case-insensitive match on the name or any tag; health and tag must match exactly when set. */
export function filterServices(services: readonly ServiceSummary[], filter: ServiceFilter): ServiceSummary[] {
  const text = filter.text.trim().toLowerCase();
  return services.filter(
    (s) =>
      (filter.health === 'all' || s.status === filter.health) &&
      (!filter.tag || s.tags.includes(filter.tag)) &&
      (!text || s.name.toLowerCase().includes(text) || s.tags.some((t) => t.toLowerCase().includes(text))),
  );
}

export function allTags(services: readonly ServiceSummary[]): string[] {
  const tags = new Set<string>();
  for (const s of services) for (const t of s.tags) tags.add(t);
  return [...tags].sort((a, b) => a.localeCompare(b));
}

/** Case-insensitive substring match over the given fields, for the node list and similar. */
export function matchesText(text: string, ...fields: (string | undefined)[]): boolean {
  const needle = text.trim().toLowerCase();
  return !needle || fields.some((f) => f !== undefined && f.toLowerCase().includes(needle));
}
