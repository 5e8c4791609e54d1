/*
 * call_burst.c — mm_call_burst_eval: is this caller number in a burst of
 * recent reports from many organisations? (issue 4 §3)
 *
 * The mechanism: a fraud ring works through a list of numbers in a few
 * hours, so the same caller reaches customers of many carriers and banks
 * at once, and each organisation whose customer was called reports it.
 * What marks that is the number of DISTINCT reporting organisations in a
 * short window — not the report count (one carrier's filter may report a
 * number a hundred times) and not the indicator's status (the number is
 * usually still unconfirmed: this is the early signal). Two windows: 1 h
 * (MM_BURST_SHORT_ORGS organisations) and 24 h (MM_BURST_LONG_ORGS). The
 * weight grows with the organisations beyond the threshold and with how
 * recent the newest report is, because a ring stops using a number within
 * hours. Pure: the caller passes now; no I/O, no allocation.
 */
#include <string.h>

#include "mamoru/screen_message.h"

#define SET_SLOTS 1024 /* > 2 * MM_ACTIVITY_MAX: the org set never fills */

_Static_assert(SET_SLOTS >= 2 * MM_ACTIVITY_MAX, "org set must stay at most half full");

/* Weight of a window that reached its threshold: base at the threshold,
 * step per further organisation, capped. */
static int window_weight(int orgs, int threshold, int base, int step, int cap)
{
    if (orgs < threshold)
        return 0;
    int w = base + step * (orgs - threshold);
    return w > cap ? cap : w;
}

void mm_call_burst_eval(const mm_sighting *s, size_t n, int64_t now, mm_call_burst *out)
{
    *out = (mm_call_burst){.window_hours = MM_BURST_LONG_WINDOW / 3600};
    if (n > MM_ACTIVITY_MAX)
        n = MM_ACTIVITY_MAX;
    /* org id → newest sighting of that org within the long window; only
     * the first `slots` entries (≥ 2n, a power of two) are used */
    struct {
        int64_t org, newest;
        bool used;
    } set[SET_SLOTS];
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    memset(set, 0, slots * sizeof set[0]);
    int short_reports = 0, long_reports = 0, long_orgs = 0;
    for (size_t i = 0; s && i < n; i++) {
        int64_t at = s[i].at;
        if (at > now + MM_BURST_FUTURE_SLACK || at <= now - MM_BURST_LONG_WINDOW)
            continue;
        long_reports++;
        if (at > now - MM_BURST_SHORT_WINDOW)
            short_reports++;
        if (at > out->last_seen)
            out->last_seen = at;
        uint64_t h = (uint64_t)s[i].org_id * 0x9e3779b97f4a7c15ull;
        size_t p = (size_t)(h >> 32) & (slots - 1);
        while (set[p].used && set[p].org != s[i].org_id)
            p = (p + 1) & (slots - 1);
        if (!set[p].used) {
            set[p].used = true;
            set[p].org = s[i].org_id;
            set[p].newest = at;
            long_orgs++;
        } else if (at > set[p].newest) {
            set[p].newest = at;
        }
    }
    int short_orgs = 0;
    for (size_t p = 0; p < slots; p++)
        if (set[p].used && set[p].newest > now - MM_BURST_SHORT_WINDOW)
            short_orgs++;

    int ws = window_weight(short_orgs, MM_BURST_SHORT_ORGS, 45, 8, 80);
    int wl = window_weight(long_orgs, MM_BURST_LONG_ORGS, 30, 4, 55);
    if (ws == 0 && wl == 0) {
        out->reports = long_reports;
        out->orgs = long_orgs;
        return;
    }
    /* recency: the newest report's age (a sighting slightly ahead of now
     * counts as age 0) */
    int64_t age = now - out->last_seen;
    int bonus = age <= 600 ? 8 : age <= 1800 ? 4 : 0;
    if (ws >= wl) {
        out->weight = ws + bonus;
        out->window_hours = MM_BURST_SHORT_WINDOW / 3600;
        out->reports = short_reports;
        out->orgs = short_orgs;
    } else {
        out->weight = wl + bonus;
        out->reports = long_reports;
        out->orgs = long_orgs;
    }
}
