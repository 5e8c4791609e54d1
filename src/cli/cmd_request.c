/*
 * cmd_request.c — `mamoru request send|list|show|answer|sla`: requests
 * between organisations (freeze, inquiry, suspension, takedown) from the
 * shell, acting as --org NAME (default: the local operator, an analyst).
 *
 * Prints the API's JSON objects, one a line, so scripts can switch
 * between the CLI and /v1/requests. Exit codes: 2 bad input (field
 * named), 3 not found, 1 for a refused action (wrong party, illegal
 * transition: the message says which).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/requests.h"

static const cli_command usage = {
    "request", "requests between organisations",
    "mamoru request send --type freeze|inquiry|suspension|takedown --to ORG --kind K --value V\n"
    "                    [--amount YEN] [--deadline RFC3339] [--case REF] [--note TEXT]\n"
    "mamoru request list [--to-me|--from-me] [--state S|open] [--overdue] [--type T] [--limit N]\n"
    "mamoru request show ID\n"
    "mamoru request answer ID --state acknowledged|done|refused|cancelled [--answer TEXT]\n"
    "mamoru request sla [--since RFC3339]\n"
    "  every form takes [--org NAME] (who acts; default the local operator) and [--db PATH]",
    NULL};

static void print_req(const mm_org_request *r)
{
    json_t *j = mm_request_to_json(r);
    cli_print_json(stdout, j);
    json_decref(j);
}

static int fail_field(const char *field, const char *fmt, const char *v)
{
    mm_error e;
    mm_error_set(&e, MM_EINVAL, field, fmt, v ? v : "");
    return cli_fail(&e, MM_EINVAL);
}

static int do_send(const cli_args *a, mm_store *s, int64_t me, mm_arena *ar)
{
    mm_org_request_new n = {0};
    mm_error e = {0};
    const char *type = cli_get(a, "--type"), *to = cli_get(a, "--to"), *kind = cli_get(a, "--kind"),
               *value = cli_get(a, "--value"), *dl = cli_get(a, "--deadline");
    if (type == NULL || to == NULL || kind == NULL || value == NULL) {
        fprintf(stderr, "mamoru request send: --type, --to, --kind and --value are required\n");
        return EXIT_USAGE;
    }
    if (mm_req_type_parse(type, &n.type, &e) != MM_OK || mm_kind_parse(kind, &n.kind, &e) != MM_OK)
        return cli_fail(&e, MM_EINVAL);
    mm_org o;
    if (mm_org_find(s, to, ar, &o, &e) != MM_OK)
        return fail_field("to", "no organisation named '%.100s'", to);
    n.to_org = o.id;
    n.value = value;
    long long amount = cli_int_opt(a, "--amount", 0, 100000000000000LL);
    if (amount == -1)
        return EXIT_USAGE;
    n.amount = amount > 0 ? amount : 0;
    if (dl && mm_time_parse_rfc3339(dl, "deadline", &n.deadline, &e) != MM_OK)
        return cli_fail(&e, MM_EINVAL);
    n.case_ref = cli_get(a, "--case");
    n.note = cli_get(a, "--note");
    mm_org_request r;
    mm_status st = mm_store_request_send(s, me, &n, ar, &r, &e);
    if (st != MM_OK)
        return cli_fail(&e, st);
    print_req(&r);
    return 0;
}

static int do_list(const cli_args *a, mm_store *s, int64_t me, mm_arena *ar)
{
    mm_request_query q = {.org_id = me, .state = -1, .type = -1, .limit = 100};
    mm_error e = {0};
    if (cli_flag(a, "--to-me") && cli_flag(a, "--from-me"))
        return fail_field("direction", "%s--to-me and --from-me exclude each other", "");
    q.direction = cli_flag(a, "--to-me") ? 1 : cli_flag(a, "--from-me") ? 2 : 0;
    q.overdue = cli_flag(a, "--overdue");
    const char *state = cli_get(a, "--state"), *type = cli_get(a, "--type");
    if (state && strcmp(state, "open") == 0) {
        q.state = MM_REQ_STATE__COUNT;
    } else if (state) {
        mm_req_state rs;
        if (mm_req_state_parse(state, &rs, &e) != MM_OK)
            return cli_fail(&e, MM_EINVAL);
        q.state = (int)rs;
    }
    if (type) {
        mm_req_type t;
        if (mm_req_type_parse(type, &t, &e) != MM_OK)
            return cli_fail(&e, MM_EINVAL);
        q.type = (int)t;
    }
    long long lim = cli_int_opt(a, "--limit", 1, 1000);
    if (lim == -1)
        return EXIT_USAGE;
    if (lim > 0)
        q.limit = (int)lim;
    mm_org_request *list;
    size_t n;
    int64_t next;
    mm_status st;
    do {
        if ((st = mm_store_request_list(s, &q, ar, &list, &n, &next, &e)) != MM_OK)
            return cli_fail(&e, st);
        for (size_t i = 0; i < n; i++)
            print_req(&list[i]);
        q.cursor = next;
    } while (next && lim <= 0);
    return 0;
}

static int64_t parse_id(const cli_args *a)
{
    if (a->common.npositional != 2)
        return -1;
    char *end;
    long long v = strtoll(a->common.positional[1], &end, 10);
    return *end || v <= 0 ? -1 : v;
}

static int do_show_answer(const cli_args *a, mm_store *s, int64_t me, mm_arena *ar, bool answer)
{
    int64_t id = parse_id(a);
    if (id < 0)
        return fail_field("id", "expected one request id (a positive number), got '%s'",
                          a->common.npositional > 1 ? a->common.positional[1] : "");
    mm_org_request r;
    mm_error e = {0};
    mm_status st;
    if (!answer) {
        st = mm_store_request_get(s, id, me, ar, &r, &e);
    } else {
        const char *state = cli_get(a, "--state");
        mm_req_state to;
        if (state == NULL)
            return fail_field("state", "%s--state is required", "");
        if (mm_req_state_parse(state, &to, &e) != MM_OK)
            return cli_fail(&e, MM_EINVAL);
        st = mm_store_request_update(s, id, me, to, cli_get(a, "--answer"), ar, &r, &e);
    }
    if (st != MM_OK)
        return cli_fail(&e, st);
    print_req(&r);
    return 0;
}

static int do_sla(const cli_args *a, mm_store *s, int64_t me, mm_arena *ar)
{
    int64_t since = 0;
    mm_error e = {0};
    const char *sv = cli_get(a, "--since");
    if (sv && mm_time_parse_rfc3339(sv, "since", &since, &e) != MM_OK)
        return cli_fail(&e, MM_EINVAL);
    mm_request_sla *rows;
    size_t n;
    mm_status st = mm_store_request_sla(s, me, since, ar, &rows, &n, &e);
    if (st != MM_OK)
        return cli_fail(&e, st);
    for (size_t i = 0; i < n; i++) {
        json_t *j = mm_request_sla_to_json(&rows[i]);
        cli_print_json(stdout, j);
        json_decref(j);
    }
    return 0;
}

int cmd_request(int argc, char **argv)
{
    static const char *const opts[] = {"--type",     "--to",    "--kind", "--value", "--amount",
                                       "--deadline", "--case",  "--note", "--state", "--answer",
                                       "--limit",    "--since", "--org",  NULL};
    static const char *const flags[] = {"--to-me", "--from-me", "--overdue", NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, opts, flags, &a, &usage);
    if (rc || a.help)
        return rc;
    const char *sub = a.common.npositional ? a.common.positional[0] : "";
    static const char *const subs[] = {"send", "list", "show", "answer", "sla", NULL};
    bool known = false;
    for (int i = 0; subs[i]; i++)
        known |= strcmp(sub, subs[i]) == 0;
    if (!known) {
        fprintf(stderr, "mamoru request: unknown action '%s'\nusage: %s\n", sub, usage.usage);
        return EXIT_USAGE;
    }
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(0);
    int64_t me = 0;
    rc = cli_resolve_org(s, cli_get(&a, "--org"), ar, &me);
    if (rc == 0) {
        if (strcmp(sub, "send") == 0)
            rc = do_send(&a, s, me, ar);
        else if (strcmp(sub, "list") == 0)
            rc = do_list(&a, s, me, ar);
        else if (strcmp(sub, "show") == 0)
            rc = do_show_answer(&a, s, me, ar, false);
        else if (strcmp(sub, "answer") == 0)
            rc = do_show_answer(&a, s, me, ar, true);
        else
            rc = do_sla(&a, s, me, ar);
    }
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
