// The search every page shares lives in the URL (expression, date, startTime, stopTime,
// bounding), so each view can be linked to and the browser's back button works.
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const RANGES: [string, string][] = [['1', 'last hour'], ['24', 'last day'], ['168', 'last week'], ['720', 'last 30 days'], ['-1', 'all'], ['custom', 'custom']];

export function useSearch() {
  const route = useRoute();
  const router = useRouter();
  const params = computed(() => {
    const q = route.query;
    const p: Record<string, string> = {};
    for (const k of ['expression', 'date', 'startTime', 'stopTime', 'bounding']) if (q[k] !== undefined && q[k] !== '') p[k] = String(q[k]);
    // Arkime's rule: no time given means the last hour.
    if (!p.date && !(p.startTime && p.stopTime)) p.date = '1';
    return p;
  });
  /**
   * Replaces parts of the URL's query (undefined removes a key) and returns to page 1. Pages
   * search when the URL changes; false means it did not (the caller may search again itself).
   */
  function update(change: Record<string, string | undefined>, keepPage = false): boolean {
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(route.query)) if (typeof v === 'string') q[k] = v;
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined || v === '') delete q[k];
      else q[k] = v;
    }
    if (!keepPage) delete q.start;
    const same = JSON.stringify(Object.entries(q).sort()) === JSON.stringify(Object.entries(route.query).sort());
    if (!same) router.push({ path: route.path, query: q });
    return !same;
  }
  /** `field == value` AND-ed onto the current expression (`!=` when negated). */
  function refine(field: string, value: unknown, negate: boolean) {
    const v = String(value);
    const quoted = /^[A-Za-z0-9_.:/-]+$/.test(v) ? v : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const term = `${field} ${negate ? '!=' : '=='} ${quoted}`;
    const e = params.value.expression?.trim();
    update({ expression: e ? `(${e}) && ${term}` : term });
  }
  return { route, params, update, refine };
}
