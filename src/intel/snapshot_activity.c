/*
 * snapshot_activity.c — the snapshot's side table of recent activity:
 * canonical phone number → its recent sightings (time, organisation),
 * newest first. Call screening reads it to find bursts (issue 4 §3).
 *
 * Why a side table and not more bits in the snapshot's slots: the main
 * tables hold every indicator in 16 bytes, and only the few numbers
 * reported in the last day have activity, each with a variable number of
 * sightings. So this is its own small immutable structure: an
 * open-addressing index of 32-bit entry numbers (XXH3 of the canonical
 * value, load ≤ 0.5), entries pointing into one array of sightings and one
 * buffer of canonical values — a hit compares the stored value, so no two
 * numbers can share activity whatever their hashes. Keeping times rather
 * than counts lets screening evaluate its windows at the call's own time.
 * Lookups are pure: no I/O, no allocation, no lock.
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "mamoru/intel.h"

typedef struct entry {
    uint64_t hash;
    uint32_t name_off, name_len;
    uint32_t first, n; /* sightings[first .. first + n) */
} entry;

struct mm_activity {
    int64_t built_at;
    entry *entries;
    size_t nentries;
    uint32_t *slots; /* entry index + 1; 0 = empty */
    uint64_t mask;
    mm_sighting *sightings;
    size_t nsightings;
    char *names;
    size_t names_len;
};

void mm_activity_free(mm_activity *act)
{
    if (act == NULL)
        return;
    free(act->entries);
    free(act->slots);
    free(act->sightings);
    free(act->names);
    free(act);
}

/* Row order for grouping: by canonical value, then newest first. */
static int row_cmp(const void *pa, const void *pb)
{
    const mm_sighting_row *a = *(const mm_sighting_row *const *)pa;
    const mm_sighting_row *b = *(const mm_sighting_row *const *)pb;
    int c = strcmp(a->canonical, b->canonical);
    if (c)
        return c;
    if (a->s.at != b->s.at)
        return a->s.at > b->s.at ? -1 : 1;
    return a->s.org_id < b->s.org_id ? -1 : a->s.org_id > b->s.org_id;
}

mm_status mm_activity_build(const mm_sighting_row *rows, size_t n, int64_t built_at,
                            mm_activity **out, mm_error *err)
{
    *out = NULL;
    if (n > UINT32_MAX / 4)
        return mm_error_set(err, MM_ELIMIT, "sightings", "%zu sightings is too many", n);
    mm_activity *act = calloc(1, sizeof *act);
    const mm_sighting_row **ord = n ? malloc(n * sizeof *ord) : NULL;
    if (act == NULL || (n && ord == NULL))
        goto nomem;
    act->built_at = built_at;
    size_t names = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].canonical == NULL) {
            free(ord);
            mm_activity_free(act);
            return mm_error_set(err, MM_EINVAL, "canonical", "row %zu has no value", i);
        }
        ord[i] = &rows[i];
        names += strlen(rows[i].canonical);
    }
    if (names > UINT32_MAX)
        goto nomem;
    if (n)
        qsort(ord, n, sizeof *ord, row_cmp);
    act->entries = n ? malloc(n * sizeof *act->entries) : NULL;
    act->sightings = n ? malloc(n * sizeof *act->sightings) : NULL;
    act->names = malloc(names + 1);
    if ((n && (act->entries == NULL || act->sightings == NULL)) || act->names == NULL)
        goto nomem;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(ord[j]->canonical, ord[i]->canonical) == 0)
            j++;
        entry *e = &act->entries[act->nentries++];
        size_t len = strlen(ord[i]->canonical);
        e->hash = XXH3_64bits(ord[i]->canonical, len);
        e->name_off = (uint32_t)act->names_len;
        e->name_len = (uint32_t)len;
        memcpy(act->names + act->names_len, ord[i]->canonical, len);
        act->names_len += len;
        e->first = (uint32_t)act->nsightings;
        e->n = (uint32_t)(j - i > MM_ACTIVITY_MAX ? MM_ACTIVITY_MAX : j - i);
        for (size_t k = 0; k < e->n; k++)
            act->sightings[act->nsightings++] = ord[i + k]->s;
        i = j;
    }
    act->names[act->names_len] = 0;
    uint64_t cap = 16;
    while (cap < 2 * (uint64_t)act->nentries)
        cap *= 2;
    act->mask = cap - 1;
    act->slots = calloc(cap, sizeof *act->slots);
    if (act->slots == NULL)
        goto nomem;
    for (size_t i = 0; i < act->nentries; i++) {
        uint64_t p = act->entries[i].hash & act->mask;
        while (act->slots[p])
            p = (p + 1) & act->mask;
        act->slots[p] = (uint32_t)i + 1;
    }
    free(ord);
    *out = act;
    return MM_OK;
nomem:
    free(ord);
    mm_activity_free(act);
    return mm_error_set(err, MM_ENOMEM, "activity", "out of memory for %zu sightings", n);
}

bool mm_activity_lookup(const mm_activity *act, const char *canonical, size_t len,
                        const mm_sighting **s, size_t *n)
{
    *s = NULL;
    *n = 0;
    if (act == NULL || canonical == NULL || act->nentries == 0)
        return false;
    uint64_t h = XXH3_64bits(canonical, len);
    for (uint64_t p = h & act->mask; act->slots[p]; p = (p + 1) & act->mask) {
        const entry *e = &act->entries[act->slots[p] - 1];
        if (e->hash == h && e->name_len == len &&
            memcmp(act->names + e->name_off, canonical, len) == 0) {
            *s = act->sightings + e->first;
            *n = e->n;
            return true;
        }
    }
    return false;
}

int64_t mm_activity_built_at(const mm_activity *act)
{
    return act ? act->built_at : 0;
}

size_t mm_activity_values(const mm_activity *act)
{
    return act ? act->nentries : 0;
}

size_t mm_activity_bytes(const mm_activity *act)
{
    if (act == NULL)
        return 0;
    return sizeof *act + act->nentries * sizeof(entry) + (act->mask + 1) * sizeof(uint32_t) +
           act->nsightings * sizeof(mm_sighting) + act->names_len + 1;
}

mm_status mm_activity_load(mm_store *s, int64_t now, mm_activity **out, mm_error *err)
{
    *out = NULL;
    mm_arena *a = mm_arena_new(1 << 16);
    if (a == NULL)
        return mm_error_set(err, MM_ENOMEM, "activity", "out of memory");
    mm_sighting_row *rows;
    size_t n;
    mm_status rc = mm_store_recent_sightings(s, MM_KIND_PHONE, now - MM_ACTIVITY_HORIZON,
                                             MM_ACTIVITY_PER_ORG, a, &rows, &n, err);
    if (rc == MM_OK)
        rc = mm_activity_build(rows, n, now, out, err);
    mm_arena_free(a);
    return rc;
}
