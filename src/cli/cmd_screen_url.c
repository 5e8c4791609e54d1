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

static json_t *error_json(size_t line, const mm_error *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "line", json_integer((json_int_t)line));
    json_object_set_new(o, "error", json_pack("{s:s,s:s,s:s}", "code", mm_status_name(e->code),
                                              "field", e->field, "message", e->message));
    return o;
}

static int run_jsonl(const mm_screen_ctx *ctx)
{
    mm_arena *a = mm_arena_new(1 << 16);
    if (a == NULL)
        return EXIT_FAIL;
    char *line = NULL;
    size_t cap = 0, lineno = 0, bad = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        bool blank = true;
        for (ssize_t i = 0; i < n && blank; i++)
            blank = line[i] == ' ' || line[i] == '\t';
        if (blank)
            continue;
        mm_arena_reset(a);
        mm_error e;
        mm_error_clear(&e);
        json_error_t je;
        json_t *in = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &je);
        json_t *url = in && json_is_object(in) ? json_object_get(in, "url") : NULL;
        json_t *out = NULL;
        if (in == NULL) {
            mm_error_set(&e, MM_EINVAL, "line", "invalid JSON at column %d: %s", je.column,
                         je.text);
        } else if (!json_is_string(url)) {
            mm_error_set(&e, MM_EINVAL, "url", "expected an object with a string \"url\"");
        } else {
            mm_verdict v;
            if (mm_screen_url(ctx, json_string_value(url), a, &v, &e) == MM_OK) {
                out = mm_server_verdict_json(&v);
                json_object_set(out, "url", url);
            }
        }
        if (out == NULL) {
            out = error_json(lineno, &e);
            bad++;
        }
        cli_print_json(stdout, out);
        json_decref(out);
        json_decref(in);
    }
    free(line);
    mm_arena_free(a);
    if (bad)
        fprintf(stderr, "mamoru screen url: %zu of %zu lines had errors\n", bad, lineno);
    return EXIT_OK;
}

/* Warning texts, the URL model and (with --db) a snapshot: what a URL
 * verdict reads — not the other detectors' data (the message model's phrase
 * database takes a second to compile). Returns 0 or an exit code. */
static int open_env(const cli_args *a, cli_screen_env *env)
{
    memset(env, 0, sizeof *env);
    int rc = cli_load_config(&a->common, &env->cfg);
    if (rc)
        return rc;
    env->ctx.thresholds = MM_THRESHOLDS_DEFAULT;
    mm_error err = {0};
    char path[1100], *buf = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/warnings.tsv", env->cfg.data_dir);
    mm_status st = mm_read_file(path, &buf, &len, &err);
    if (st == MM_OK) {
        mm_warnings *w = NULL;
        st = mm_warnings_parse(buf, len, &w, &err);
        env->ctx.warnings = w;
        free(buf);
    } else if (st == MM_ENOTFOUND) {
        st = MM_OK;
    }
    mm_url_model *m = NULL;
    if (st == MM_OK)
        st = mm_url_model_load(env->cfg.data_dir, &m, &err);
    env->ctx.url = m;
    if (st == MM_OK && a->common.db) {
        if ((rc = cli_open_store(&env->cfg, &env->store, &env->codes)))
            return rc;
        st = mm_snapshot_build(env->store, &env->snap, &err);
        env->ctx.snap = env->snap;
    }
    return st == MM_OK ? 0 : cli_fail(&err, st);
}

static void close_env(cli_screen_env *env)
{
    mm_snapshot_release(env->snap);
    mm_warnings_free((mm_warnings *)env->ctx.warnings);
    mm_url_model_free((mm_url_model *)env->ctx.url);
    mm_store_close(env->store);
    mm_zengin_free(env->codes);
    memset(env, 0, sizeof *env);
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
    cli_screen_env env;
    if ((rc = open_env(&a, &env))) {
        close_env(&env);
        return rc;
    }
    if (jsonl) {
        rc = run_jsonl(&env.ctx);
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
    close_env(&env);
    return rc;
}
