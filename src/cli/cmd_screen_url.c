/*
 * cmd_screen_url.c — `mamoru screen url URL [--db PATH]` and
 * `mamoru screen url --jsonl`: URL verdicts from the shell.
 *
 * One URL prints one JSON verdict line (the API's form: action, score,
 * category, reasons with code/detail/weight/brand/indicator, warning);
 * with --jsonl every stdin line {"url": "..."} gives one output line, in
 * order, and a bad line gives {"line": N, "error": {...}} and the run goes
 * on — a batch of a million URLs must not stop at one typo. One arena is
 * reset between lines, so memory stays flat however long the input is.
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

static json_t *screen_line(void *ctx, json_t *in, mm_arena *a, mm_error *e)
{
    json_t *url = json_is_object(in) ? json_object_get(in, "url") : NULL;
    if (!json_is_string(url)) {
        mm_error_set(e, MM_EINVAL, "url", "expected an object with a string \"url\"");
        return NULL;
    }
    mm_verdict v;
    if (mm_screen_url(ctx, json_string_value(url), a, &v, e) != MM_OK)
        return NULL;
    json_t *out = mm_server_verdict_json(&v);
    json_object_set(out, "url", url);
    return out;
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
        rc = cli_jsonl_each("screen url", JSON_REJECT_DUPLICATES, "line", screen_line, &env.ctx);
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
