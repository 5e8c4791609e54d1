/*
 * load_screen.c — builds the screening context from the data directory.
 *
 * One function per detector's files keeps this the single place that knows
 * file names under data/; each detector parses its buffers itself (pure).
 * Detectors are added here as they land (URL model, message model, payment
 * rules); a detector whose files are absent stays NULL and screening uses
 * the snapshot alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_message.h"
#include "mamoru/screen_url.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

mm_status mm_read_file(const char *path, char **buf, size_t *len, mm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return mm_error_set(err, errno == ENOENT ? MM_ENOTFOUND : MM_EIO, "file", "%s: %s",
                            path, strerror(errno));
    mm_buf b = {0};
    char chunk[65536];
    size_t n;
    mm_status st = MM_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((st = mm_buf_append(&b, chunk, n)) != MM_OK)
            break;
    if (st == MM_OK && ferror(f))
        st = mm_error_set(err, MM_EIO, "file", "%s: read error", path);
    else if (st != MM_OK)
        mm_error_set(err, st, "file", "%s: out of memory", path);
    fclose(f);
    if (st == MM_OK && b.data == NULL)
        st = mm_buf_append(&b, "", 0);
    if (st != MM_OK) {
        mm_buf_free(&b);
        return st;
    }
    *buf = b.data;
    *len = b.len;
    return MM_OK;
}

static mm_status load_warnings(const char *dir, mm_screen_ctx *ctx, mm_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/warnings.tsv", dir);
    char *buf;
    size_t len;
    mm_status st = mm_read_file(path, &buf, &len, err);
    if (st == MM_ENOTFOUND)
        return MM_OK;
    if (st != MM_OK)
        return st;
    mm_warnings *w = NULL;
    st = mm_warnings_parse(buf, len, &w, err);
    free(buf);
    if (st != MM_OK) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        return mm_error_set(err, st, "warnings", "%.200s: %.200s", path, msg);
    }
    ctx->warnings = w;
    return MM_OK;
}

mm_status mm_screen_ctx_load_parts(const char *data_dir, unsigned parts, mm_screen_ctx *ctx,
                                   mm_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->thresholds = MM_THRESHOLDS_DEFAULT;
    mm_status st = MM_OK;
    /* detectors' loaders go here, each behind its MM_LOAD_ bit */
    if (parts & MM_LOAD_WARNINGS)
        st = load_warnings(data_dir, ctx, err);
    if (st == MM_OK && (parts & MM_LOAD_URL))
        st = mm_url_model_load(data_dir, (mm_url_model **)&ctx->url, err);
    if (st == MM_OK && (parts & MM_LOAD_PAYMENT))
        st = mm_payment_rules_load(data_dir, (mm_payment_rules **)&ctx->payment, err);
    if (st == MM_OK && (parts & MM_LOAD_MESSAGE))
        st = mm_message_model_load(data_dir, (mm_message_model **)&ctx->message, err);
    if (st != MM_OK)
        mm_screen_ctx_unload(ctx);
    return st;
}

mm_status mm_screen_ctx_load(const char *data_dir, mm_screen_ctx *ctx, mm_error *err)
{
    return mm_screen_ctx_load_parts(data_dir, MM_LOAD_ALL, ctx, err);
}

void mm_screen_ctx_unload(mm_screen_ctx *ctx)
{
    mm_warnings_free((mm_warnings *)ctx->warnings);
    /* detectors' free functions go here */
    mm_url_model_free((mm_url_model *)ctx->url);
    mm_payment_rules_free((mm_payment_rules *)ctx->payment);
    mm_message_model_free((mm_message_model *)ctx->message);
    memset(ctx, 0, sizeof *ctx);
    ctx->thresholds = MM_THRESHOLDS_DEFAULT;
}
