/*
 * load_url.c — reads the URL detector's files from the data directory and
 * hands the buffers to mm_url_model_parse (which is pure).
 *
 * Files: brands.tsv, url_suffixes.tsv, url_lures.tsv, confusables.tsv,
 * url_model.bin. When none of them exists the detector stays NULL and URL
 * screening uses the snapshot alone; a missing model file alone turns the
 * risk model off. A malformed file is an error that names the file and the
 * line (or byte offset).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

static mm_status read_opt(const char *dir, const char *name, char **buf, size_t *len,
                          mm_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    *buf = NULL;
    *len = 0;
    mm_status st = mm_read_file(path, buf, len, err);
    if (st == MM_ENOTFOUND) {
        mm_error_clear(err);
        return MM_OK;
    }
    return st;
}

static mm_status load(const char *data_dir, bool from_buf, const void *model, size_t model_len,
                      mm_url_model **out, mm_error *err)
{
    static const char *const names[] = {"brands.tsv", "url_suffixes.tsv", "url_lures.tsv",
                                        "confusables.tsv", "url_model.bin"};
    char *buf[5] = {0};
    size_t len[5] = {0};
    *out = NULL;
    mm_status st = MM_OK;
    bool any = false;
    for (int i = 0; i < (from_buf ? 4 : 5) && st == MM_OK; i++) {
        st = read_opt(data_dir, names[i], &buf[i], &len[i], err);
        any = any || buf[i] != NULL;
    }
    if (st == MM_OK && any) {
        mm_url_model_src src = {buf[0], len[0], buf[1], len[1], buf[2], len[2], buf[3], len[3],
                                from_buf ? model : buf[4], from_buf ? model_len : len[4]};
        st = mm_url_model_parse(&src, out, err);
        if (st != MM_OK) {
            char msg[sizeof err->message];
            snprintf(msg, sizeof msg, "%s", err->message);
            const char *file = strcmp(err->field, "brands") == 0          ? names[0]
                               : strcmp(err->field, "url_suffixes") == 0  ? names[1]
                               : strcmp(err->field, "url_lures") == 0     ? names[2]
                               : strcmp(err->field, "confusables") == 0   ? names[3]
                                                                          : names[4];
            char field[sizeof err->field];
            snprintf(field, sizeof field, "%s", err->field);
            mm_error_set(err, st, field, "%.200s/%s: %.200s", data_dir, file, msg);
        }
    }
    for (int i = 0; i < 5; i++)
        free(buf[i]);
    return st;
}

mm_status mm_url_model_load(const char *data_dir, mm_url_model **out, mm_error *err)
{
    return load(data_dir, false, NULL, 0, out, err);
}

mm_status mm_url_model_load_with(const char *data_dir, const void *model, size_t model_len,
                                 mm_url_model **out, mm_error *err)
{
    return load(data_dir, true, model, model_len, out, err);
}
