/*
 * cmd_trace.c — `mamoru trace`: follow a victim's money forward from one
 * transfer (or from an amount credited to an account at a time) with FIFO
 * attribution, print the tree of transfers that carried it, the accounts
 * still holding it and the freeze targets; `--plain` runs the peers'
 * expansion instead (reached transfers and accounts, no amounts).
 *
 * The graph comes from the store's payments (--db) or from a transfers CSV
 * in the graph-trace peers' format (--transfers FILE: id,time,from,to,amount),
 * which lets a trace be checked end to end without a store. The JSON is the
 * API's (mm_server_trace_json), so `--json` and POST /v1/trace agree.
 * `--mule ACCOUNT` prints one account's mule score and features (listed
 * neighbours from the store's snapshot); `--collectors FILE` traces every
 * transfer id in FILE and prints the accounts many of them reach.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/payment.h"
#include "mamoru/trace.h"

/* "1234567" → "1,234,567" */
static const char *yen(int64_t v, char *buf, size_t cap)
{
    char d[32];
    snprintf(d, sizeof d, "%" PRId64, v < 0 ? -v : v);
    size_t n = strlen(d), k = 0;
    if (v < 0 && k + 1 < cap)
        buf[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = d[i];
    }
    buf[k] = '\0';
    return buf;
}

static void print_edge(const mm_trace_graph *g, const mm_trace_edge *e, int depth)
{
    char id[64], t[32], a[32], b[32];
    if (e->transfer == MM_TRACE_NONE)
        snprintf(id, sizeof id, "(deposit)");
    else
        mm_trace_graph_transfer_id(g, e->transfer, id, sizeof id);
    mm_server_time_format(e->time, t);
    printf("%*s%-2d %s  %s → %s  %s  ¥%s  victim ¥%s", depth * 2, "", e->hop, id,
           e->from == MM_TRACE_NONE ? "(cash)" : mm_trace_graph_account(g, e->from),
           mm_trace_graph_account(g, e->to), t, yen(e->amount, a, sizeof a),
           yen(e->tainted, b, sizeof b));
    if (e->cut != MM_TRACE_FOLLOWED)
        printf("  [¥%s not followed: %s]", yen(e->tainted - e->traced, a, sizeof a),
               e->cut == MM_TRACE_CUT_HOPS ? "hop limit" : "time window");
    printf("\n");
}

/* Depth-first print of the edge tree (children in time order). */
static void print_tree(const mm_trace_graph *g, const mm_trace_result *r)
{
    size_t n = r->nedges;
    uint32_t *first = malloc(n * sizeof *first), *next = malloc(n * sizeof *next),
             *stack = malloc(2 * (n + 1) * sizeof *stack);
    if (!first || !next || !stack)
        goto out;
    for (size_t i = 0; i < n; i++)
        first[i] = next[i] = MM_TRACE_NONE;
    for (size_t i = 1; i < n; i++) { /* prepend: each list runs from the latest child */
        uint32_t p = r->edges[i].parent;
        if (p == MM_TRACE_NONE || p >= n)
            p = 0;
        next[i] = first[p];
        first[p] = (uint32_t)i;
    }
    size_t sp = 0;
    stack[sp++] = 0;
    stack[sp++] = 0;
    while (sp) {
        uint32_t depth = stack[--sp], e = stack[--sp];
        print_edge(g, &r->edges[e], (int)depth);
        for (uint32_t c = first[e]; c != MM_TRACE_NONE; c = next[c]) { /* earliest on top */
            stack[sp++] = c;
            stack[sp++] = depth + 1;
        }
    }
out:
    free(first);
    free(next);
    free(stack);
}

static int load_csv(const char *path, mm_trace_builder *b)
{
    size_t len;
    char *buf = cli_read_file(path, &len);
    if (buf == NULL)
        return EXIT_USAGE;
    mm_arena *a = mm_arena_new(0);
    mm_error err = {0};
    size_t rows = 0;
    mm_status st = mm_trace_builder_add_csv(b, buf, len, a, &rows, &err);
    free(buf);
    mm_arena_free(a);
    if (st != MM_OK) {
        fprintf(stderr, "mamoru: %s: %s: %s\n", path, err.field, err.message);
        return cli_exit_code(st);
    }
    return 0;
}

/* Listed-account callback over a snapshot (bank account or crypto address). */
static bool snap_listed(void *ctx, const char *account, size_t len)
{
    mm_hit hit;
    mm_trace_acct_kind k = mm_trace_account_kind(account, len);
    mm_kind kind = k == MM_TRACE_ACCT_CRYPTO ? MM_KIND_CRYPTO_ADDRESS : MM_KIND_BANK_ACCOUNT;
    return ctx && (k == MM_TRACE_ACCT_BANK || k == MM_TRACE_ACCT_CRYPTO) &&
           mm_snapshot_lookup(ctx, kind, account, len, &hit);
}

/* `--mule ACCOUNT`: the mule score and its features as one JSON object. */
static int print_mule(const mm_trace_graph *g, mm_trace_scratch *s, uint32_t a, mm_snapshot *snap)
{
    mm_mule_features f;
    mm_error err = {0};
    mm_status st = mm_trace_mule_score(g, a, mm_trace_graph_max_time(g),
                                       snap ? snap_listed : NULL, snap, s, &f, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    char first[32], last[32];
    mm_server_time_format(f.first_seen, first);
    mm_server_time_format(f.last_seen, last);
    json_t *o = json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:i, s:I, s:I, s:f, s:f, s:f, s:s, s:s, s:i, "
                          "s:b}",
                          "account", mm_trace_graph_account(g, a), "score", f.score, "n_in", f.n_in,
                          "n_out", f.n_out, "fan_in", f.fan_in, "burst_fan_in", f.burst_fan_in,
                          "fan_out", f.fan_out, "in_total", (json_int_t)f.in_total, "out_total",
                          (json_int_t)f.out_total, "pass_through", f.pass_through, "fast_share",
                          f.fast_share, "dwell_hours", f.dwell_s / 3600.0, "first_seen", first,
                          "last_seen", last, "listed_neighbours", f.listed_neighbours, "listed",
                          f.listed);
    cli_print_json(stdout, o);
    json_decref(o);
    return EXIT_OK;
}

/* `--collectors FILE`: FIFO-trace every transfer id in FILE (one a line) and
 * print the accounts many of them reach (one JSON object a line). */
static int print_collectors(const mm_trace_graph *g, mm_trace_scratch *s, const char *path,
                            const mm_trace_params *p, long long min_victims)
{
    size_t len;
    char *buf = cli_read_file(path, &len);
    if (buf == NULL)
        return EXIT_USAGE;
    mm_trace_agg *agg = mm_trace_agg_new(g);
    int rc = agg ? EXIT_OK : EXIT_FAIL;
    size_t line = 0, traced = 0;
    char *save = NULL;
    for (char *l = strtok_r(buf, "\r\n", &save); l && rc == EXIT_OK; l = strtok_r(NULL, "\r\n", &save)) {
        line++;
        if (l[0] == '#' || l[0] == '\0')
            continue;
        uint32_t t = mm_trace_graph_find_transfer(g, l, strlen(l));
        if (t == MM_TRACE_NONE) {
            fprintf(stderr, "mamoru: %s: line %zu: tx: '%.80s' is not in the graph\n", path, line, l);
            rc = EXIT_USAGE;
            break;
        }
        mm_trace_result r;
        mm_error err = {0};
        mm_status st = mm_trace_fifo(g, t, p, s, &r, &err);
        if (st == MM_OK)
            st = mm_trace_agg_add(agg, &r);
        if (st != MM_OK)
            rc = cli_fail(&err, st);
        traced++;
    }
    if (rc == EXIT_OK) {
        mm_trace_collector *c = NULL;
        size_t n = mm_trace_agg_collectors(agg, (uint32_t)min_victims, 0.10, false, &c);
        for (size_t i = 0; i < n; i++) {
            json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:I, s:f}", "account",
                                  mm_trace_graph_account(g, c[i].account), "kind",
                                  mm_trace_acct_kind_name(c[i].kind), "victims", c[i].victims,
                                  "senders", c[i].senders, "tainted", (json_int_t)c[i].tainted,
                                  "share", c[i].share);
            cli_print_json(stdout, o);
            json_decref(o);
        }
        fprintf(stderr, "%zu traces, %zu collectors (≥ %lld victims and senders, victim money ≥ 10%% "
                        "of their inflow)\n",
                traced, n, min_victims);
        free(c);
    }
    mm_trace_agg_free(agg);
    free(buf);
    return rc;
}

int cmd_trace(int argc, char **argv)
{
    static const char *const vopts[] = {"--tx",     "--hops",   "--window-hours", "--transfers",
                                        "--account", "--amount", "--time",         "--mule",
                                        "--collectors", "--min-victims", NULL};
    static const char *const fopts[] = {"--plain", NULL};
    const cli_command *cmd = cli_find("trace");
    cli_args a;
    int rc = cli_parse(argc, argv, vopts, fopts, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *tx = cli_get(&a, "--tx"), *acct = cli_get(&a, "--account"),
               *transfers = cli_get(&a, "--transfers"), *mule = cli_get(&a, "--mule"),
               *coll = cli_get(&a, "--collectors");
    if ((tx != NULL) + (acct != NULL) + (mule != NULL) + (coll != NULL) != 1 ||
        a.common.npositional) {
        fprintf(stderr, "mamoru trace: give one of --tx ID, --account A --amount YEN --time T, "
                        "--mule ACCOUNT, --collectors FILE\nusage: %s\n",
                cmd->usage);
        return EXIT_USAGE;
    }
    long long minv = cli_int_opt(&a, "--min-victims", 1, 1000000);
    if (minv == -1)
        return EXIT_USAGE;
    if (minv == -2)
        minv = 10;
    mm_trace_params p = {0};
    long long hops = cli_int_opt(&a, "--hops", 1, MM_TRACE_MAX_HOPS);
    long long wh = cli_int_opt(&a, "--window-hours", 0, 24 * 365 * 10);
    if (hops == -1 || wh == -1)
        return EXIT_USAGE;
    p.hops = hops > 0 ? (int)hops : 0;
    p.window_s = wh == -2 ? 0 : wh == 0 ? -1 : (int64_t)wh * 3600;
    int64_t amount = 0, when = 0;
    if (acct && !mule) {
        const char *am = cli_get(&a, "--amount"), *tm = cli_get(&a, "--time");
        char *end = NULL;
        if (am == NULL || tm == NULL) {
            fprintf(stderr, "mamoru trace: --account needs --amount and --time\n");
            return EXIT_USAGE;
        }
        amount = strtoll(am, &end, 10);
        if (end == am || *end || amount < 0) {
            fprintf(stderr, "mamoru: amount: '%s' is not a whole number of yen\n", am);
            return EXIT_USAGE;
        }
        if (!mm_trace_parse_time(tm, strlen(tm), &when)) {
            fprintf(stderr, "mamoru: time: '%s' is not RFC 3339 or unix seconds\n", tm);
            return EXIT_USAGE;
        }
    }

    /* the graph */
    cli_config cfg;
    mm_store *store = NULL;
    mm_zengin *codes = NULL;
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_trace_graph *g = NULL;
    mm_trace_scratch *s = mm_trace_scratch_new();
    mm_trace_holders *holders = NULL;
    mm_snapshot *snap = NULL;
    mm_arena *arena = mm_arena_new(0);
    mm_error err = {0};
    if (b == NULL || s == NULL || arena == NULL) {
        rc = EXIT_FAIL;
        goto out;
    }
    if (transfers) {
        if ((rc = load_csv(transfers, b)) != 0)
            goto out;
        const char *zd = getenv("MAMORU_ZENGIN_DIR");
        codes = cli_load_zengin(zd ? zd : "../shared/data/zengin-code");
        holders = mm_server_trace_holders_load("data", codes);
    } else {
        if ((rc = cli_load_config(&a.common, &cfg)) != 0 ||
            (rc = cli_open_store(&cfg, &store, &codes)) != 0)
            goto out;
        int64_t seq = 0;
        mm_status st = mm_server_trace_scan(store, b, &seq, NULL, &err);
        if (st != MM_OK) {
            rc = cli_fail(&err, st);
            goto out;
        }
        holders = mm_server_trace_holders_load(cfg.data_dir, codes);
        if (mule && mm_snapshot_build(store, &snap, &err) != MM_OK) /* for listed neighbours */
            snap = NULL;
    }
    mm_status st = mm_trace_builder_freeze(b, &g, &err);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }

    if (coll) {
        rc = print_collectors(g, s, coll, &p, minv);
        goto out;
    }
    /* the root */
    uint32_t root = MM_TRACE_NONE, racct = MM_TRACE_NONE;
    if (mule)
        acct = mule;
    if (tx) {
        root = mm_trace_graph_find_transfer(g, tx, strlen(tx));
        if (root == MM_TRACE_NONE) {
            fprintf(stderr, "mamoru: tx: '%s' is not among the %zu transfers loaded\n", tx,
                    mm_trace_graph_transfers(g));
            rc = EXIT_NOTFOUND;
            goto out;
        }
    } else {
        const char *canon = acct;
        mm_kind kind;
        if (mm_trace_account_kind(acct, strlen(acct)) == MM_TRACE_ACCT_OTHER &&
            mm_norm_account(acct, codes, arena, &canon, &kind, &err) != MM_OK) {
            rc = cli_fail(&err, MM_EINVAL);
            goto out;
        }
        racct = mm_trace_graph_find_account(g, canon, strlen(canon));
        if (racct == MM_TRACE_NONE) {
            fprintf(stderr, "mamoru: account: '%s' has no transfers in the graph\n", canon);
            rc = EXIT_NOTFOUND;
            goto out;
        }
        if (mule) {
            rc = print_mule(g, s, racct, snap);
            goto out;
        }
    }

    if (cli_flag(&a, "--plain")) {
        if (root == MM_TRACE_NONE) {
            fprintf(stderr, "mamoru trace: --plain needs --tx\n");
            rc = EXIT_USAGE;
            goto out;
        }
        mm_trace_reach r;
        if ((st = mm_trace_expand(g, root, &p, s, &r, &err)) != MM_OK) {
            rc = cli_fail(&err, st);
            goto out;
        }
        int64_t sum = 0;
        bool numeric = true;
        for (size_t i = 0; i < r.ntransfers; i++) {
            int64_t v = mm_trace_graph_transfer_num(g, r.transfers[i]);
            numeric = numeric && v >= 0;
            sum += v;
        }
        if (a.common.json) {
            json_t *o = json_object(), *ts = json_array(), *as = json_array();
            json_object_set_new(o, "tx", json_string(tx));
            json_object_set_new(o, "transfers", json_integer((json_int_t)r.ntransfers));
            json_object_set_new(o, "accounts", json_integer((json_int_t)r.naccounts));
            json_object_set_new(o, "id_sum", numeric ? json_integer(sum) : json_null());
            for (size_t i = 0; i < r.ntransfers; i++) {
                char id[300];
                mm_trace_graph_transfer_id(g, r.transfers[i], id, sizeof id);
                json_array_append_new(ts, json_string(id));
            }
            for (size_t i = 0; i < r.naccounts; i++)
                json_array_append_new(as, json_string(mm_trace_graph_account(g, r.accounts[i])));
            json_object_set_new(o, "reached_transfers", ts);
            json_object_set_new(o, "reached_accounts", as);
            cli_print_json(stdout, o);
            json_decref(o);
        } else {
            printf("plain expansion from %s: %zu transfers, %zu accounts", tx, r.ntransfers,
                   r.naccounts);
            if (numeric)
                printf(", id sum %" PRId64, sum);
            printf("\n");
        }
        rc = EXIT_OK;
        goto out;
    }

    mm_trace_result r;
    st = tx ? mm_trace_fifo(g, root, &p, s, &r, &err)
            : mm_trace_fifo_from(g, racct, when, amount, &p, s, &r, &err);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }
    if (a.common.json) {
        json_t *o = mm_server_trace_json(g, &r, &p, holders);
        cli_print_json(stdout, o);
        json_decref(o);
        rc = EXIT_OK;
        goto out;
    }
    char y1[32], y2[32], y3[32], y4[32];
    int hops_eff = p.hops ? p.hops : MM_TRACE_DEFAULT_HOPS;
    int64_t w = p.window_s ? p.window_s : MM_TRACE_DEFAULT_WINDOW_S;
    printf("victim money ¥%s, followed up to %d hops", yen(r.victim_amount, y1, sizeof y1),
           hops_eff);
    if (w > 0)
        printf(", each within %.0f h", w / 3600.0);
    printf(" (FIFO through each account's balance):\n");
    print_tree(g, &r);
    json_t *o = mm_server_trace_json(g, &r, &p, holders); /* holder names as in --json */
    json_t *ft = json_object_get(o, "freeze_targets");
    printf("\nstill holding victim money: ¥%s in %zu accounts; cashed out ¥%s; not followed ¥%s\n",
           yen(r.remaining, y1, sizeof y1), json_array_size(ft), yen(r.cashed_out, y2, sizeof y2),
           yen(r.untraced, y3, sizeof y3));
    for (size_t i = 0; i < json_array_size(ft); i++) {
        json_t *t = json_array_get(ft, i);
        const char *hn = json_string_value(json_object_get(t, "holder_name"));
        printf("  freeze  %-24s ¥%-14s %-6s %s%s%s\n",
               json_string_value(json_object_get(t, "account")),
               yen(json_integer_value(json_object_get(t, "amount_remaining")), y4, sizeof y4),
               json_string_value(json_object_get(t, "kind")),
               json_string_value(json_object_get(t, "holder")), hn ? " " : "", hn ? hn : "");
    }
    json_decref(o);
    rc = EXIT_OK;
out:
    mm_trace_graph_free(g);
    mm_trace_builder_free(b);
    mm_trace_scratch_free(s);
    mm_server_trace_holders_free(holders);
    if (snap)
        mm_snapshot_release(snap);
    mm_arena_free(arena);
    if (store)
        mm_store_close(store);
    mm_zengin_free(codes);
    return rc;
}
