/*
 * cmd_screen.c — `mamoru screen KIND …`: the detectors from the shell.
 *
 * This file only dispatches to one function per input kind (each in its
 * own cmd_screen_<kind>.c) and provides the shared set-up: the detectors'
 * data from data_dir, and — with --db — a snapshot of the store, so the
 * same verdict comes out as through the API. Verdicts print as one JSON
 * line each (cli_print_verdict).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest.h"
#include "mamoru/screen_message.h"

typedef struct screen_kind {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} screen_kind;

/* One line per detector kind; keep the table sorted by name. */
static const screen_kind kinds[] = {
    {"url", "a URL: blocklist, brand look-alikes, structure, risk model", cmd_screen_url},
    {"email", "an e-mail (RFC 5322 file or stdin): sender, links, text", cmd_screen_email},
    {"payment", "a payment event (JSON; --jsonl: a stream with per-account state)",
     cmd_screen_payment},
    {"call", "an incoming call: caller number and callee profile", cmd_screen_call},
    {"message", "a message of any channel (sms, email body, sns_dm, app)", cmd_screen_message},
    {"post", "an SNS / job-site post: crime recruitment (闇バイト)?", cmd_screen_post},
    {"sms", "an SMS: indicators, sender, 手口 phrases, classifier", cmd_screen_sms},
    {NULL, NULL, NULL},
};

int cli_screen_open(const cli_args *a, cli_screen_env *env)
{
    return cli_screen_open_parts(a, MM_LOAD_ALL, env);
}

int cli_screen_open_parts(const cli_args *a, unsigned parts, cli_screen_env *env)
{
    memset(env, 0, sizeof *env);
    int rc = cli_load_config(&a->common, &env->cfg);
    if (rc)
        return rc;
    if ((rc = cli_check_data_dir(env->cfg.data_dir, env->cfg.data_dir_set)))
        return rc;
    mm_error err = {0};
    mm_status st = mm_screen_ctx_load_parts(env->cfg.data_dir, parts, &env->ctx, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    if (a->common.db) {
        if ((rc = cli_open_store(&env->cfg, &env->store, &env->codes))) {
            mm_screen_ctx_unload(&env->ctx);
            return rc;
        }
        st = mm_screen_ctx_set_zengin(&env->ctx, env->codes, &err); /* branch names */
        if (st == MM_OK)
            st = mm_snapshot_build(env->store, &env->snap, &err);
        if (st != MM_OK) {
            cli_screen_close(env);
            return cli_fail(&err, st);
        }
        env->ctx.snap = env->snap;
    }
    return 0;
}

void cli_screen_close(cli_screen_env *env)
{
    mm_snapshot_release(env->snap);
    mm_screen_ctx_unload(&env->ctx);
    mm_store_close(env->store);
    mm_zengin_free(env->codes);
    memset(env, 0, sizeof *env);
}

/* One line's error object: {"line": N, "error": {code, field, message}}. */
static json_t *error_line(size_t lineno, const mm_error *e)
{
    json_t *out = json_object();
    json_object_set_new(out, "line", json_integer((json_int_t)lineno));
    json_object_set_new(out, "error", json_pack("{s:s,s:s,s:s}", "code", mm_status_name(e->code),
                                                "field", e->field, "message", e->message));
    return out;
}

/* Screen the group's lines as one batch and print them in order. */
static size_t flush(mm_jsonl_group *g, cli_jsonl_batch_fn fn, void *ctx, mm_arena *a)
{
    size_t bad = 0;
    mm_arena_reset(a);
    fn(ctx, g->in, g->n, a, g->out, g->e);
    for (size_t i = 0; i < g->n; i++) {
        const cli_jsonl_out *o = &g->out[i];
        if (g->in[i] && o->text) {
            fwrite(o->text, 1, o->len, stdout);
            fputc('\n', stdout);
        } else {
            json_t *out = g->in[i] ? o->json : NULL;
            if (out == NULL) {
                out = error_line(g->lineno[i], &g->e[i]);
                bad++;
            }
            cli_print_json(stdout, out);
            json_decref(out);
        }
    }
    mm_jsonl_group_clear(g);
    return bad;
}

int cli_jsonl_batch(const char *what, size_t json_flags, const char *parse_field, size_t max,
                    cli_jsonl_batch_fn fn, void *ctx)
{
    mm_arena *a = mm_arena_new(1 << 16);
    mm_jsonl_group g;
    if (mm_jsonl_group_init(&g, max) != MM_OK || a == NULL) {
        mm_jsonl_group_free(&g);
        mm_arena_free(a);
        return EXIT_FAIL;
    }
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
        if (mm_jsonl_group_add(&g, line, (size_t)n, json_flags, parse_field, lineno))
            bad += flush(&g, fn, ctx, a);
    }
    bad += flush(&g, fn, ctx, a);
    free(line);
    if (bad)
        fprintf(stderr, "mamoru %s: %zu of %zu lines had errors\n", what, bad, lineno);
    mm_jsonl_group_free(&g);
    mm_arena_free(a);
    return EXIT_OK;
}

/* cli_jsonl_each through cli_jsonl_batch: batches of one line, so the
 * arena is reset before every line as before. */
typedef struct each_ctx {
    cli_jsonl_fn fn;
    void *ctx;
} each_ctx;

static void each_line(void *ctx, json_t *const *in, size_t n, mm_arena *a, cli_jsonl_out *out,
                      mm_error *e)
{
    const each_ctx *c = ctx;
    for (size_t i = 0; i < n; i++)
        if (in[i])
            out[i].json = c->fn(c->ctx, in[i], a, &e[i]);
}

int cli_jsonl_each(const char *what, size_t json_flags, const char *parse_field, cli_jsonl_fn fn,
                   void *ctx)
{
    each_ctx c = {fn, ctx};
    return cli_jsonl_batch(what, json_flags, parse_field, 1, each_line, &c);
}

json_t *cli_verdict_json(const mm_verdict *v)
{
    return mm_server_verdict_json(v); /* one JSON form for API and CLI */
}

void cli_print_verdict(FILE *f, const mm_verdict *v)
{
    json_t *j = cli_verdict_json(v);
    cli_print_json(f, j);
    json_decref(j);
}

int cmd_screen(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "";
    for (const screen_kind *k = kinds; k->name; k++)
        if (strcmp(k->name, kind) == 0)
            return k->run(argc - 1, argv + 1);
    bool help = strcmp(kind, "--help") == 0 || strcmp(kind, "-h") == 0;
    FILE *f = help ? stdout : stderr;
    if (!help)
        fprintf(f, "mamoru screen: unknown input kind '%s'\n", kind);
    fprintf(f, "usage: mamoru screen KIND ... [--db PATH] [--jsonl]\nkinds:\n");
    for (const screen_kind *k = kinds; k->name; k++)
        fprintf(f, "  %-8s %s\n", k->name, k->summary);
    return help ? EXIT_OK : EXIT_USAGE;
}
