/*
 * cmd_screen_payment.c — `mamoru screen payment JSON`: one payment event
 * (the API's JSON) → one verdict line; with --jsonl, events from stdin one
 * a line, screened in order through one per-account state, so velocity,
 * mule and internet-banking rules see the history as the server would.
 *
 * With --db the payee and payer are looked up in a snapshot of the store.
 * Only the payment rules and warning texts are loaded (not every
 * detector's model, which cli_screen_open would compile): a payment
 * verdict needs nothing else, and the command starts in milliseconds.
 * Exit 0 when every event was screened, 2 when an event was malformed
 * (the line number and field are printed; later lines still run).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

static const cli_command usage = {
    "screen payment", "screen a payment event",
    "mamoru screen payment JSON [--db PATH] [--state-accounts N]\n"
    "mamoru screen payment --jsonl [--db PATH] < events.jsonl   (state kept across lines)\n"
    "  JSON: "
    "{\"id\",\"type\",\"time\",\"amount\",\"from\":{account,name,age,customer_id},\"to\":{...},\n"
    "         \"channel\",\"flags\":[...],\"requester\",\"session\"}  (see docs/payments.md)",
    NULL};

static int screen_one(cli_screen_env *env, mm_pay_state *st, const char *text, size_t len,
                      long lineno, mm_arena *a)
{
    mm_payment ev;
    mm_error e = {0};
    mm_status s = mm_payment_parse(text, len, env->codes, a, &ev, &e);
    mm_verdict v;
    if (s == MM_OK)
        s = mm_screen_payment(&env->ctx, st, &ev, a, &v, &e);
    if (s != MM_OK) {
        if (lineno)
            fprintf(stderr, "line %ld: %s: %s\n", lineno, e.field, e.message);
        else
            cli_fail(&e, s);
        return s == MM_EINVAL ? EXIT_USAGE : EXIT_FAIL;
    }
    json_t *j = mm_payment_verdict_json(&v, &ev);
    cli_print_json(stdout, j);
    json_decref(j);
    return 0;
}

int cmd_screen_payment(int argc, char **argv)
{
    static const char *const opts[] = {"--state-accounts", NULL};
    static const char *const flags[] = {"--jsonl", NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, opts, flags, &a, &usage);
    if (rc || a.help)
        return rc;
    bool jsonl = cli_flag(&a, "--jsonl");
    if (jsonl ? a.common.npositional != 0 : a.common.npositional != 1) {
        fprintf(stderr, "mamoru screen payment: expected %s\nusage: %s\n",
                jsonl ? "no argument with --jsonl" : "one JSON event", usage.usage);
        return EXIT_USAGE;
    }
    long long cap = cli_int_opt(&a, "--state-accounts", 64, 1LL << 30);
    if (cap == -1)
        return EXIT_USAGE;
    /* warning texts, payment rules and (with --db) a snapshot */
    cli_screen_env env;
    if ((rc = cli_screen_open_parts(&a, MM_LOAD_WARNINGS | MM_LOAD_PAYMENT, &env)))
        return rc;
    mm_pay_state *st = mm_pay_state_new(cap > 0 ? (size_t)cap : (jsonl ? 1 << 18 : 64));
    mm_arena *ar = mm_arena_new(0);
    if (st == NULL || ar == NULL) {
        fprintf(stderr, "mamoru screen payment: out of memory\n");
        rc = EXIT_FAIL;
    } else if (!jsonl) {
        const char *j = a.common.positional[0];
        rc = screen_one(&env, st, j, strlen(j), 0, ar);
    } else {
        char *line = NULL;
        size_t lcap = 0;
        ssize_t len;
        long lineno = 0;
        while ((len = getline(&line, &lcap, stdin)) >= 0) {
            lineno++;
            while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
                line[--len] = '\0';
            if (len == 0)
                continue;
            int r = screen_one(&env, st, line, (size_t)len, lineno, ar);
            if (r == EXIT_FAIL) {
                rc = r;
                break;
            }
            if (r)
                rc = r;
            mm_arena_reset(ar);
        }
        free(line);
        fflush(stdout);
    }
    mm_arena_free(ar);
    mm_pay_state_free(st);
    cli_screen_close(&env);
    return rc;
}
