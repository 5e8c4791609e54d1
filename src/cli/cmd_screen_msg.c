/*
 * cmd_screen_msg.c — `mamoru screen sms|message|call|post`: first-contact
 * screening from the shell (issue 4 §5).
 *
 *   mamoru screen sms TEXT [--sender S]            (TEXT "-" reads stdin)
 *   mamoru screen message TEXT --channel C [--sender S] [--subject S] [--display-name N]
 *   mamoru screen call CALLER [--callee-age N] [--intl-optout] [--claimed-name N] [--via-gateway]
 *   mamoru screen post TEXT
 *
 * Each prints one JSON verdict line (the API's form). With --jsonl, stdin
 * holds the API's request bodies, one per line, and stdout gets one line per
 * input line in order: the verdict, or {"line": N, "error": {...}} for a bad
 * line (the run goes on; the count of bad lines goes to stderr). Bad
 * arguments exit 2 with the field named. Without --db the built-in
 * dictionaries and model alone are used.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mamoru/screen_message.h"

typedef enum kind { K_SMS, K_MESSAGE, K_CALL, K_POST } kind;

static const cli_command cmds[] = {
    {"screen sms", "screen an SMS",
     "mamoru screen sms TEXT [--sender S] [--age N] [--db PATH]   (TEXT '-' reads stdin)\n"
     "mamoru screen sms --jsonl [--db PATH]   (stdin: one {\"sender\",\"text\",...} per line)\n"
     "  prints the verdict as one JSON line: action, score, category, reasons (with spans), "
     "warning",
     NULL},
    {"screen message", "screen a message of any channel",
     "mamoru screen message TEXT --channel sms|email|sns_dm|app [--sender S] [--subject S]\n"
     "                      [--display-name N] [--age N] [--db PATH]\n"
     "mamoru screen message --jsonl [--db PATH]   (stdin: POST /v1/screen/message bodies)",
     NULL},
    {"screen call", "screen an incoming call",
     "mamoru screen call CALLER [--callee-age N] [--intl-optout] [--claimed-name NAME]\n"
     "                   [--via-gateway] [--db PATH]\n"
     "mamoru screen call --jsonl [--db PATH]   (stdin: one {\"caller\",\"callee\":{...}} per "
     "line)",
     NULL},
    {"screen post", "screen an SNS / job-site post for crime recruitment",
     "mamoru screen post TEXT [--db PATH]   (TEXT '-' reads stdin)\n"
     "mamoru screen post --jsonl [--db PATH]   (stdin: one {\"text\": ...} per line)",
     NULL},
};

/* Screen one parsed request body of kind k. */
static mm_status screen_json(kind k, const mm_screen_ctx *ctx, json_t *in, mm_arena *a,
                             mm_verdict *v, mm_error *e)
{
    mm_status st;
    switch (k) {
    case K_SMS:
    case K_MESSAGE: {
        mm_message m;
        if (k == K_SMS && json_is_object(in) && json_object_get(in, "channel") == NULL)
            json_object_set_new(in, "channel", json_string("sms"));
        if ((st = mm_server_message_from_json(in, a, &m, e)) != MM_OK)
            return st;
        return mm_screen_message(ctx, &m, a, v, e);
    }
    case K_CALL: {
        mm_call c;
        if ((st = mm_server_call_from_json(in, &c, e)) != MM_OK)
            return st;
        c.now = (int64_t)time(NULL); /* burst windows end at the call */
        return mm_screen_call(ctx, &c, a, v, e);
    }
    case K_POST: {
        const char *t;
        size_t n;
        if ((st = mm_server_post_from_json(in, &t, &n, e)) != MM_OK)
            return st;
        return mm_screen_post(ctx, t, n, a, v, e);
    }
    }
    return mm_error_set(e, MM_EINVAL, "kind", "unknown kind");
}

typedef struct jsonl_ctx {
    kind k;
    const mm_screen_ctx *ctx;
} jsonl_ctx;

static json_t *screen_line(void *p, json_t *in, mm_arena *a, mm_error *e)
{
    const jsonl_ctx *c = p;
    mm_verdict v;
    return screen_json(c->k, c->ctx, in, a, &v, e) == MM_OK ? mm_server_verdict_json(&v) : NULL;
}

/* TEXT argument, or stdin for "-". *owned is set when it must be freed. */
static const char *text_arg(const char *arg, size_t *len, char **owned)
{
    *owned = NULL;
    if (strcmp(arg, "-") != 0) {
        *len = strlen(arg);
        return arg;
    }
    *owned = cli_read_file("-", len);
    return *owned;
}

static int run(kind k, int argc, char **argv)
{
    static const char *const values[] = {"--sender",       "--channel", "--subject",
                                         "--display-name", "--age",     "--callee-age",
                                         "--claimed-name", NULL};
    static const char *const flags[] = {"--jsonl", "--intl-optout", "--via-gateway", NULL};
    const cli_command *cmd = &cmds[k];
    cli_args a;
    int rc = cli_parse(argc, argv, values, flags, &a, cmd);
    if (rc || a.help)
        return rc;
    bool jsonl = cli_flag(&a, "--jsonl");
    if (jsonl ? a.common.npositional != 0 : a.common.npositional != 1) {
        fprintf(stderr, "mamoru %s: expected %s\nusage: %s\n", cmd->name,
                jsonl         ? "no argument with --jsonl (requests come from stdin)"
                : k == K_CALL ? "one CALLER number"
                              : "one TEXT",
                cmd->usage);
        return EXIT_USAGE;
    }
    long long age = cli_int_opt(&a, k == K_CALL ? "--callee-age" : "--age", 0, 150);
    if (age == -1)
        return EXIT_USAGE;
    const char *channel = cli_get(&a, "--channel");
    if (k == K_MESSAGE && !jsonl && channel == NULL) {
        fprintf(stderr, "mamoru %s: --channel is required (sms, email, sns_dm, app)\n", cmd->name);
        return EXIT_USAGE;
    }
    cli_screen_env env;
    if ((rc = cli_screen_open(&a, &env)))
        return rc;
    if (jsonl) {
        jsonl_ctx c = {k, &env.ctx};
        rc = cli_jsonl_each(cmd->name, JSON_REJECT_DUPLICATES, "body", screen_line, &c);
        cli_screen_close(&env);
        return rc;
    }
    mm_arena *ar = mm_arena_new(0);
    mm_verdict v;
    mm_error e;
    mm_error_clear(&e);
    mm_status st = MM_OK;
    char *owned = NULL;
    if (ar == NULL) {
        st = mm_error_set(&e, MM_ENOMEM, "", "out of memory");
    } else if (k == K_CALL) {
        mm_call c = {.caller = a.common.positional[0],
                     .claimed_name = cli_get(&a, "--claimed-name"),
                     .via_gateway = cli_flag(&a, "--via-gateway"),
                     .callee = {.age = age > 0 ? (int)age : 0,
                                .intl_optout = cli_flag(&a, "--intl-optout")},
                     .now = (int64_t)time(NULL)};
        st = mm_screen_call(&env.ctx, &c, ar, &v, &e);
    } else {
        size_t len = 0;
        const char *text = text_arg(a.common.positional[0], &len, &owned);
        if (text == NULL) {
            st = mm_error_set(&e, MM_EIO, "text", "cannot read stdin");
        } else if (k == K_POST) {
            st = mm_screen_post(&env.ctx, text, len, ar, &v, &e);
        } else {
            mm_message m = {.channel = k == K_SMS ? "sms" : channel,
                            .sender = cli_get(&a, "--sender"),
                            .subject = cli_get(&a, "--subject"),
                            .display_name = cli_get(&a, "--display-name"),
                            .text = text,
                            .text_len = len,
                            .recipient = {.age = age > 0 ? (int)age : 0,
                                          .intl_optout = cli_flag(&a, "--intl-optout")}};
            st = mm_screen_message(&env.ctx, &m, ar, &v, &e);
        }
    }
    if (st == MM_OK)
        cli_print_verdict(stdout, &v);
    else
        rc = cli_fail(&e, st);
    free(owned);
    mm_arena_free(ar);
    cli_screen_close(&env);
    return rc;
}

int cmd_screen_sms(int argc, char **argv)
{
    return run(K_SMS, argc, argv);
}

int cmd_screen_message(int argc, char **argv)
{
    return run(K_MESSAGE, argc, argv);
}

int cmd_screen_call(int argc, char **argv)
{
    return run(K_CALL, argc, argv);
}

int cmd_screen_post(int argc, char **argv)
{
    return run(K_POST, argc, argv);
}
