/* url_fixture.h — shared set-up for the URL detector tests: the shipped
 * data/ dictionaries and model (tests run from the repo root), and a helper
 * that screens one URL and finds a reason in the verdict. */
#ifndef MAMORU_TEST_URL_FIXTURE_H
#define MAMORU_TEST_URL_FIXTURE_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

__attribute__((unused)) static mm_url_model *url_model_shipped(void)
{
    mm_url_model *m = NULL;
    mm_error e = {0};
    mm_status st = mm_url_model_load("data", &m, &e);
    cr_assert_eq(st, MM_OK, "loading data/: %s: %s", e.field, e.message);
    cr_assert_not_null(m, "data/ has no URL model files");
    return m;
}

/* The first reason with this code (and brand, when given), or NULL. */
__attribute__((unused)) static const mm_reason *url_find(const mm_verdict *v, const char *code, const char *brand)
{
    for (size_t i = 0; i < v->nreasons; i++)
        if (strcmp(v->reasons[i].code, code) == 0 &&
            (brand == NULL || (v->reasons[i].brand && strcmp(v->reasons[i].brand, brand) == 0)))
            return &v->reasons[i];
    return NULL;
}

/* The first reason with code, brand (may be NULL) and a detail containing has. */
__attribute__((unused)) static const mm_reason *url_find_detail(const mm_verdict *v,
                                                                 const char *code,
                                                                 const char *brand,
                                                                 const char *has)
{
    for (size_t i = 0; i < v->nreasons; i++)
        if (strcmp(v->reasons[i].code, code) == 0 &&
            (brand == NULL || (v->reasons[i].brand && strcmp(v->reasons[i].brand, brand) == 0)) &&
            (has == NULL || (v->reasons[i].detail && strstr(v->reasons[i].detail, has))))
            return &v->reasons[i];
    return NULL;
}

__attribute__((unused)) static void url_dump(const mm_verdict *v)
{
    for (size_t i = 0; i < v->nreasons; i++)
        cr_log_info("  %s w=%d brand=%s: %s", v->reasons[i].code, v->reasons[i].weight,
                    v->reasons[i].brand ? v->reasons[i].brand : "-",
                    v->reasons[i].detail ? v->reasons[i].detail : "");
}

/* Every URL of a corpus read by mm_url_corpus_read (strdup'd), for the
 * tests that run over the JPCERT/CC data: pass url_corpus_collect and a
 * zeroed url_corpus, url_corpus_free when done. */
typedef struct url_corpus {
    char **urls;
    size_t n, cap;
} url_corpus;

__attribute__((unused)) static int url_corpus_collect(const mm_url_corpus_row *r, void *user)
{
    url_corpus *c = user;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 4096;
        c->urls = realloc(c->urls, c->cap * sizeof *c->urls);
        cr_assert_not_null(c->urls);
    }
    c->urls[c->n++] = strdup(r->url);
    return 0;
}

__attribute__((unused)) static void url_corpus_free(url_corpus *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->urls[i]);
    free(c->urls);
}

#endif
