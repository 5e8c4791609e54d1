/* Mule score on labelled data nobody tuned it on: IBM AMLSim 20K_cycle200
 * (../shared/data/amlsim, or $MAMORU_SHARED_DATA/amlsim; skipped when
 * absent). AMLSim's laundering moves small amounts around cycles, which is
 * not the pass-through mule the score is built for, so the floor is low —
 * better than chance — and it fails if the score stops ranking labelled
 * accounts above the rest (bench/eval_trace prints all the figures). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/trace.h"

static FILE *open_data(const char *name)
{
    char path[1024];
    const char *d = getenv("MAMORU_SHARED_DATA");
    snprintf(path, sizeof path, "%s/amlsim/20K_cycle200/%s", d ? d : "../shared/data", name);
    return fopen(path, "r");
}

typedef struct scored {
    int score, label;
} scored;

static int by_score(const void *a, const void *b)
{
    return ((const scored *)a)->score - ((const scored *)b)->score;
}

Test(trace_amlsim, mule_score_ranks_laundering_accounts_above_chance, .timeout = 30)
{
    FILE *nf = open_data("nodes.csv"), *tf = open_data("transactions.csv");
    if (nf == NULL || tf == NULL) {
        if (nf)
            fclose(nf);
        if (tf)
            fclose(tf);
        cr_skip_test("AMLSim data absent (../shared/data/amlsim/20K_cycle200)");
    }
    enum { N = 20000 };
    static int label[N];
    char line[256], id[32], from[32], to[32];
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_error err;
    cr_assert_not_null(fgets(line, sizeof line, nf));
    while (fgets(line, sizeof line, nf)) {
        int a, fraud;
        double bal;
        if (sscanf(line, "%d,%d,%lf", &a, &fraud, &bal) != 3 || a < 0 || a >= N)
            continue;
        label[a] = fraud;
        snprintf(id, sizeof id, "o%d", a);
        snprintf(to, sizeof to, "amlsim:%d", a);
        cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), "external:opening", 16, to, strlen(to),
                                          0, (int64_t)(bal * 100 + 0.5), &err),
                     MM_OK);
    }
    cr_assert_not_null(fgets(line, sizeof line, tf));
    long row = 0;
    while (fgets(line, sizeof line, tf)) {
        int s, d, step;
        double v;
        if (sscanf(line, "%d,%d,%lf,%d", &s, &d, &v, &step) != 4)
            continue;
        snprintf(id, sizeof id, "%ld", ++row);
        snprintf(from, sizeof from, "amlsim:%d", s);
        snprintf(to, sizeof to, "amlsim:%d", d);
        cr_assert_eq(mm_trace_builder_add(b, id, strlen(id), from, strlen(from), to, strlen(to),
                                          (int64_t)step * 86400 + row % 86400,
                                          (int64_t)(v * 100 + 0.5), &err),
                     MM_OK);
    }
    fclose(nf);
    fclose(tf);
    cr_assert_gt(row, 100000);
    mm_trace_graph *g;
    cr_assert_eq(mm_trace_builder_freeze(b, &g, &err), MM_OK);
    mm_trace_builder_free(b);
    mm_trace_scratch *s = mm_trace_scratch_new();
    static scored v[N];
    size_t n = 0, pos = 0;
    for (int a = 0; a < N; a++) {
        snprintf(to, sizeof to, "amlsim:%d", a);
        uint32_t x = mm_trace_graph_find_account(g, to, strlen(to));
        if (x == MM_TRACE_NONE)
            continue;
        mm_mule_features f;
        cr_assert_eq(mm_trace_mule_score(g, x, mm_trace_graph_max_time(g), NULL, NULL, s, &f, &err),
                     MM_OK);
        cr_assert(f.score >= 0 && f.score <= 100);
        v[n++] = (scored){f.score, label[a]};
        pos += (size_t)label[a];
    }
    cr_assert_gt(pos, 500);
    /* ROC AUC by ranks, ties counted half */
    qsort(v, n, sizeof *v, by_score);
    double below = 0, neg_seen = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double p = 0, q = 0;
        for (; j < n && v[j].score == v[i].score; j++)
            v[j].label ? p++ : q++;
        below += p * (neg_seen + 0.5 * q);
        neg_seen += q;
        i = j;
    }
    double auc = below / ((double)pos * (double)(n - pos));
    cr_log_info("AMLSim 20K_cycle200: mule score ROC AUC %.3f over %zu accounts", auc, n);
    cr_assert_geq(auc, 0.52, "AUC %.3f", auc);
    mm_trace_scratch_free(s);
    mm_trace_graph_free(g);
}
