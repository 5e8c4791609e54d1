/*
 * cmd_screen_url.c — `mamoru screen url URL [--db PATH]` and
 * `mamoru screen url --jsonl`: URL verdicts from the shell.
 *
 * One URL prints one JSON verdict line (the API's form: action, score,
 * category, reasons with code/detail/weight/brand/indicator, warning);
 * with --jsonl every stdin line {"url": "..."} gives one output line, in
 * order, and a bad line gives {"line": N, "error": {...}} and the run goes
 * on — a batch of a million URLs must not stop at one typo. Lines are read
 * and screened URL_BATCH at a time (mm_screen_url_batch, whose blocklist
 * lookups overlap), the verdicts byte for byte those of one at a time and
 * written without a jansson tree (mm_server_verdict_text); one arena is
 * reset between batches, so memory stays flat however long the input is.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"

static const cli_command screen_url_cmd = {
    "screen url", "screen a URL",
    "mamoru screen url URL [--db PATH] [--config FILE]\n"
    "mamoru screen url --jsonl [--db PATH]   (stdin: one {\"url\": \"...\"} per line)\n"
    "  prints the verdict as one JSON line: action, score, category, reasons, warning;\n"
    "  without --db the blocklist is off (look-alikes, structure and risk model only)",
    NULL};

/* Lines screened as one mm_screen_url_batch: the blocklist lookups of a
 * batch overlap their memory misses (src/screen/url_lookup.c). */
#define URL_BATCH 64

/* What screen_lines needs: the detectors, and one buffer the batch's
 * output lines are written to (kept between batches). */
typedef struct url_jsonl {
    const mm_screen_ctx *ctx;
    mm_buf text;
} url_jsonl;

/* The verdict line of url: mm_server_verdict_json(v) with "url" added last,
 * written straight to bytes (mm_server_verdict_text: no jansson tree, the
 * same bytes — printing the tree cost more than screening). Returns false
 * when out of memory. */
static bool verdict_line(mm_buf *b, const mm_verdict *v, const char *url)
{
    if (mm_server_verdict_text(v, b) != MM_OK)
        return false;
    b->len--; /* the closing '}' */
    return mm_buf_puts(b, ",\"url\":") == MM_OK && mm_server_json_string(b, url) == MM_OK &&
           mm_buf_putc(b, '}') == MM_OK;
}

static void screen_lines(void *arg, json_t *const *in, size_t n, mm_arena *a, cli_jsonl_out *out,
                         mm_error *e)
{
    url_jsonl *u = arg;
    const char *urls[URL_BATCH] = {0};
    mm_verdict v[URL_BATCH];
    mm_status st[URL_BATCH];
    size_t off[URL_BATCH + 1];
    if (n > URL_BATCH) /* cli_jsonl_batch hands at most URL_BATCH lines */
        n = URL_BATCH;
    for (size_t i = 0; i < n; i++) {
        json_t *url = json_is_object(in[i]) ? json_object_get(in[i], "url") : NULL;
        urls[i] = json_is_string(url) ? json_string_value(url) : NULL;
    }
    mm_screen_url_batch(u->ctx, urls, n, a, v, st, e);
    u->text.len = 0;
    for (size_t i = 0; i < n; i++) {
        off[i] = u->text.len;
        if (in[i] == NULL)
            continue; /* not JSON: e[i] says so already */
        if (urls[i] == NULL) {
            mm_error_set(&e[i], MM_EINVAL, "url", "expected an object with a string \"url\"");
        } else if (st[i] == MM_OK && !verdict_line(&u->text, &v[i], urls[i])) {
            u->text.len = off[i];
            mm_error_set(&e[i], MM_ENOMEM, "url", "out of memory");
        }
    }
    off[n] = u->text.len;
    for (size_t i = 0; i < n; i++)
        if (off[i + 1] > off[i]) {
            out[i].text = u->text.data + off[i];
            out[i].len = off[i + 1] - off[i];
        }
}

int cmd_screen_url(int argc, char **argv)
{
    static const char *const flags[] = {"--jsonl", NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, NULL, flags, &a, &screen_url_cmd);
    if (rc || a.help)
        return rc;
    bool jsonl = cli_flag(&a, "--jsonl");
    if (jsonl ? a.common.npositional != 0 : a.common.npositional != 1) {
        fprintf(stderr, "mamoru screen url: expected %s\nusage: %s\n",
                jsonl ? "no URL argument with --jsonl (URLs come from stdin)" : "one URL",
                screen_url_cmd.usage);
        return EXIT_USAGE;
    }
    /* warning texts, the URL model and (with --db) a snapshot: not the
     * message model, whose phrase database takes a second to compile */
    cli_screen_env env;
    if ((rc = cli_screen_open_parts(&a, MM_LOAD_WARNINGS | MM_LOAD_URL, &env)))
        return rc;
    if (jsonl) {
        url_jsonl u = {.ctx = &env.ctx};
        rc = cli_jsonl_batch("screen url", JSON_REJECT_DUPLICATES, "line", URL_BATCH, screen_lines,
                             &u);
        mm_buf_free(&u.text);
    } else {
        mm_arena *ar = mm_arena_new(0);
        mm_verdict v;
        mm_error e;
        mm_error_clear(&e);
        mm_status st = ar ? mm_screen_url(&env.ctx, a.common.positional[0], ar, &v, &e)
                          : mm_error_set(&e, MM_ENOMEM, "", "out of memory");
        if (st == MM_OK) {
            json_t *j = mm_server_verdict_json(&v);
            json_object_set_new(j, "url", json_string(a.common.positional[0]));
            cli_print_json(stdout, j);
            json_decref(j);
        } else {
            rc = cli_fail(&e, st);
        }
        mm_arena_free(ar);
    }
    cli_screen_close(&env);
    return rc;
}
