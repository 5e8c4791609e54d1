/*
 * fuzz_message.c — libFuzzer target for message screening: extraction and
 * mm_screen_message / mm_screen_post on arbitrary bytes with a small model
 * built in-process (a few phrases, a brand, TLDs), plus the classifier-file
 * parser on the same bytes. On success every reason's span lies inside the
 * input and every extracted item has a value; nothing may crash or leak.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/screen_message.h"

/* The shipped phrase families and brands (run from the repo root). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int tsv(const struct dirent *d)
{
    return strstr(d->d_name, ".tsv") != NULL;
}

static mm_message_model *model(void)
{
    mm_message_model *m = mm_message_model_new();
    struct dirent **ents;
    int n = scandir("data/phrases", &ents, tsv, alphasort);
    if (m == NULL || n <= 0)
        abort(); /* run from the repository root */
    for (int i = 0; i < n; i++) {
        char path[512], fam[256];
        snprintf(path, sizeof path, "data/phrases/%s", ents[i]->d_name);
        snprintf(fam, sizeof fam, "%.*s", (int)strlen(ents[i]->d_name) - 4, ents[i]->d_name);
        size_t len;
        char *b = slurp(path, &len);
        if (b == NULL || mm_message_model_add_phrases(m, fam, b, len, NULL) != MM_OK)
            abort();
        free(b);
        free(ents[i]);
    }
    free(ents);
    size_t len;
    char *b = slurp("data/brands.tsv", &len);
    if (b)
        mm_message_model_add_brands(m, b, len, NULL);
    free(b);
    if ((b = slurp("data/message_tlds.tsv", &len)) != NULL)
        mm_message_model_add_list(m, "tlds", b, len, NULL);
    free(b);
    if (mm_message_model_compile(m, NULL) != MM_OK)
        abort();
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    static mm_message_model *m;
    if (m == NULL)
        m = model();
    mm_arena *a = mm_arena_new(0);
    const char *t = (const char *)data;
    mm_extracted *xs;
    size_t n;
    if (mm_message_extract(m, t, size, a, &xs, &n, NULL) == MM_OK)
        for (size_t i = 0; i < n; i++)
            if (xs[i].value == NULL || xs[i].end > size || xs[i].start > xs[i].end)
                abort();
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT, .message = m};
    mm_message msg = {.channel = "sms", .sender = "090-1234-5678", .text = t, .text_len = size};
    mm_verdict v;
    if (mm_screen_message(&ctx, &msg, a, &v, NULL) == MM_OK)
        for (size_t i = 0; i < v.nreasons; i++)
            if (v.reasons[i].span_end > size || v.reasons[i].span_start > v.reasons[i].span_end)
                abort();
    mm_screen_post(&ctx, t, size, a, &v, NULL);
    mm_message_model *m2 = mm_message_model_new();
    mm_message_model_set_classifier(m2, data, size, NULL);
    mm_message_model_add_phrases(m2, "fuzz", t, size, NULL);
    mm_message_model_free(m2);
    mm_arena_free(a);
    return 0;
}
