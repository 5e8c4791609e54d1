/*
 * verdict.c — turning detectors' reasons into one verdict: score, action,
 * category and the warning text shown to the person at risk.
 *
 * Scoring treats reasons as independent evidence (noisy-OR), so two weak
 * signals add up without any single rule needing to know about the others,
 * and no pile of reasons can exceed 100.
 */
#include <stdlib.h>
#include <string.h>

#include "mamoru/screen.h"

const char *mm_verdict_action_name(mm_verdict_action a)
{
    switch (a) {
    case MM_VERDICT_ALLOW: return "allow";
    case MM_VERDICT_WARN: return "warn";
    case MM_VERDICT_HOLD: return "hold";
    case MM_VERDICT_BLOCK: return "block";
    }
    return "allow";
}

void mm_verdict_init(mm_verdict *v)
{
    memset(v, 0, sizeof *v);
    v->category = "none";
}

mm_status mm_verdict_add(mm_verdict *v, mm_arena *a, const mm_reason *r)
{
    if (v->nreasons == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        mm_reason *n = mm_arena_alloc(a, cap * sizeof *n);
        if (n == NULL)
            return MM_ENOMEM;
        if (v->nreasons)
            memcpy(n, v->reasons, v->nreasons * sizeof *n);
        v->reasons = n;
        v->cap = cap;
    }
    v->reasons[v->nreasons++] = *r;
    return MM_OK;
}

void mm_verdict_finish(mm_verdict *v, const mm_thresholds *t)
{
    double clean = 1.0;
    int best = -1;
    for (size_t i = 0; i < v->nreasons; i++) {
        int w = v->reasons[i].weight;
        if (w < 0)
            w = 0;
        if (w > 100)
            w = 100;
        clean *= 1.0 - w / 100.0;
        if (v->reasons[i].category && (best < 0 || w > v->reasons[best].weight))
            best = (int)i;
    }
    v->score = (int)(100.0 * (1.0 - clean) + 0.5);
    v->category = best >= 0 && v->score > 0 ? v->reasons[best].category : "none";
    mm_thresholds d = MM_THRESHOLDS_DEFAULT;
    if (t == NULL)
        t = &d;
    v->action = v->score >= t->block  ? MM_VERDICT_BLOCK
                : v->score >= t->hold ? MM_VERDICT_HOLD
                : v->score >= t->warn ? MM_VERDICT_WARN
                                      : MM_VERDICT_ALLOW;
}

typedef struct warning_row {
    char *category, *ja, *en;
} warning_row;

struct mm_warnings {
    warning_row *rows;
    size_t n;
};

void mm_warnings_free(mm_warnings *w)
{
    if (w == NULL)
        return;
    for (size_t i = 0; i < w->n; i++) {
        free(w->rows[i].category);
        free(w->rows[i].ja);
        free(w->rows[i].en);
    }
    free(w->rows);
    free(w);
}

mm_status mm_warnings_parse(const char *tsv, size_t len, mm_warnings **out, mm_error *err)
{
    mm_warnings *w = calloc(1, sizeof *w);
    if (w == NULL)
        return mm_error_set(err, MM_ENOMEM, "warnings", "out of memory");
    size_t cap = 0, lineno = 0;
    const char *p = tsv, *end = tsv + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        if (le > p && le[-1] == '\r')
            le--;
        if (le > p && *p != '#') {
            const char *t1 = memchr(p, '\t', (size_t)(le - p));
            const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;
            if (t2 == NULL || t1 == p) {
                mm_warnings_free(w);
                return mm_error_set(err, MM_EINVAL, "warnings",
                                    "line %zu: expected category<TAB>ja<TAB>en", lineno);
            }
            if (w->n == cap) {
                cap = cap ? cap * 2 : 32;
                warning_row *r = realloc(w->rows, cap * sizeof *r);
                if (r == NULL) {
                    mm_warnings_free(w);
                    return mm_error_set(err, MM_ENOMEM, "warnings", "out of memory");
                }
                w->rows = r;
            }
            warning_row *r = &w->rows[w->n++];
            r->category = strndup(p, (size_t)(t1 - p));
            r->ja = strndup(t1 + 1, (size_t)(t2 - t1 - 1));
            r->en = strndup(t2 + 1, (size_t)(le - t2 - 1));
        }
        p = nl ? nl + 1 : end;
    }
    *out = w;
    return MM_OK;
}

void mm_warnings_apply(const mm_warnings *w, mm_verdict *v)
{
    if (w == NULL || v->action == MM_VERDICT_ALLOW)
        return;
    const warning_row *fallback = NULL;
    for (size_t i = 0; i < w->n; i++) {
        if (strcmp(w->rows[i].category, v->category) == 0) {
            v->warning_ja = w->rows[i].ja;
            v->warning_en = w->rows[i].en;
            return;
        }
        if (strcmp(w->rows[i].category, "default") == 0)
            fallback = &w->rows[i];
    }
    if (fallback) {
        v->warning_ja = fallback->ja;
        v->warning_en = fallback->en;
    }
}
