/*
 * cmd_takedown.c — `mamoru takedown request|update|show|stats`: takedown
 * requests to hosting providers about phishing URLs, their states, and
 * time-to-takedown statistics per brand and per provider.
 *
 * The CLI acts as --org NAME (default: the local operator, an analyst).
 * Police and analyst organisations may update any request; others only
 * their own — the same rule as PATCH /v1/takedowns/{id}. An illegal state
 * change exits 2 with the message naming both states. Output is the API's
 * JSON (one line), or for stats a table unless --json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest_phish.h"
#include "mamoru/server_phish.h"

static const cli_command td_cmd = {
    "takedown", "takedown requests to hosting providers",
    "mamoru takedown request --url U --provider P [--brand B] [--note T] [--at TIME] [--org NAME]\n"
    "mamoru takedown update ID --state S [--at TIME] [--note T] [--org NAME]\n"
    "  S: acknowledged taken_down refused (requested → acknowledged → taken_down | refused)\n"
    "mamoru takedown show ID\n"
    "mamoru takedown stats [--json]   (time to takedown: median and p90 per brand and provider)\n"
    "  TIME: unix seconds or RFC 3339 (default now); every command takes --db PATH",
    cmd_takedown};

static int64_t parse_at(const cli_args *a, int *bad)
{
    const char *v = cli_get(a, "--at");
    int64_t t = 0;
    mm_error e = {0};
    if (v && mm_ingest_time_parse(v, 0, "at", &t, &e) != MM_OK) {
        cli_fail(&e, MM_EINVAL);
        *bad = 1;
    }
    return t;
}

static void duration(int64_t s, char out[32])
{
    if (s < 0)
        snprintf(out, 32, "-");
    else if (s < 3600)
        snprintf(out, 32, "%lldm", (long long)(s / 60));
    else if (s < 86400 * 2)
        snprintf(out, 32, "%.1fh", (double)s / 3600);
    else
        snprintf(out, 32, "%.1fd", (double)s / 86400);
}

static void print_stats(const char *title, const mm_takedown_stat *v, size_t n)
{
    printf("%-28s %9s %6s %10s %7s %8s %8s\n", title, "requested", "open", "taken_down",
           "refused", "median", "p90");
    for (size_t i = 0; i < n; i++) {
        char m[32], p[32];
        duration(v[i].median_s, m);
        duration(v[i].p90_s, p);
        printf("%-28.28s %9lld %6lld %10lld %7lld %8s %8s\n", v[i].key[0] ? v[i].key : "(all)",
               (long long)v[i].requested, (long long)v[i].open, (long long)v[i].taken_down,
               (long long)v[i].refused, m, p);
    }
}

int cmd_takedown(int argc, char **argv)
{
    static const char *const opts[] = {"--url", "--provider", "--brand", "--note",
                                       "--at",  "--state",    "--org",   NULL};
    cli_args a;
    int rc = cli_parse(argc, argv, opts, NULL, &a, &td_cmd);
    if (rc || a.help)
        return rc;
    const char *sub = a.common.npositional > 0 ? a.common.positional[0] : "";
    bool req = strcmp(sub, "request") == 0, upd = strcmp(sub, "update") == 0,
         show = strcmp(sub, "show") == 0, stats = strcmp(sub, "stats") == 0;
    if (!req && !upd && !show && !stats) {
        fprintf(stderr, "mamoru takedown: expected request, update, show or stats, got '%s'\n"
                        "usage: %s\n",
                sub, td_cmd.usage);
        return EXIT_USAGE;
    }
    int64_t id = 0;
    if (upd || show) {
        const char *ids = a.common.npositional > 1 ? a.common.positional[1] : "";
        char *end = NULL;
        long long v = strtoll(ids, &end, 10);
        if (ids[0] == '\0' || *end != '\0' || v <= 0 || a.common.npositional != 2) {
            fprintf(stderr, "mamoru: id: '%s' is not a takedown id (a positive integer)\n", ids);
            return EXIT_USAGE;
        }
        id = v;
    } else if (a.common.npositional != 1) {
        fprintf(stderr, "mamoru takedown %s: unexpected argument '%s'\n", sub,
                a.common.positional[1]);
        return EXIT_USAGE;
    }
    mm_takedown_state to = MM_TD_REQUESTED;
    mm_error err = {0};
    mm_status st;
    if (upd) {
        if (cli_get(&a, "--state") == NULL) {
            fprintf(stderr, "mamoru: state: --state is required\n");
            return EXIT_USAGE;
        }
        if ((st = mm_takedown_state_parse(cli_get(&a, "--state"), &to, &err)) != MM_OK)
            return cli_fail(&err, st);
    }
    if (req && (cli_get(&a, "--url") == NULL || cli_get(&a, "--provider") == NULL)) {
        fprintf(stderr, "mamoru: %s: --url and --provider are required\n",
                cli_get(&a, "--url") ? "provider" : "url");
        return EXIT_USAGE;
    }
    int bad = 0;
    int64_t at = parse_at(&a, &bad);
    if (bad)
        return EXIT_USAGE;

    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(0);
    mm_takedown t;
    json_t *j = NULL;
    if (req || upd) {
        int64_t org_id = 0;
        if ((rc = cli_resolve_org(s, cli_get(&a, "--org"), ar, &org_id)))
            goto out;
        bool any = true; /* the local operator is an analyst */
        if (cli_get(&a, "--org")) {
            mm_org o;
            if (mm_org_find(s, cli_get(&a, "--org"), ar, &o, &err) == MM_OK)
                any = o.role == MM_ROLE_POLICE || o.role == MM_ROLE_ANALYST;
        }
        if (req) {
            mm_takedown_request r = {.url = cli_get(&a, "--url"),
                                     .provider = cli_get(&a, "--provider"),
                                     .brand = cli_get(&a, "--brand"),
                                     .note = cli_get(&a, "--note"),
                                     .at = at,
                                     .org_id = org_id};
            st = mm_store_takedown_request(s, &r, ar, &t, &err);
        } else {
            st = mm_store_takedown_update(s, id, to, at, cli_get(&a, "--note"), org_id, any, ar,
                                          &t, &err);
        }
    } else if (show) {
        st = mm_store_takedown_get(s, id, ar, &t, &err);
    } else {
        mm_takedown_stat all, *b, *p;
        size_t nb, np;
        st = mm_store_takedown_stats(s, ar, &all, &b, &nb, &p, &np, &err);
        if (st == MM_OK) {
            if (a.common.json) {
                j = mm_server_takedown_stats_json(&all, b, nb, p, np);
            } else {
                print_stats("overall", &all, 1);
                printf("\n");
                print_stats("brand", b, nb);
                printf("\n");
                print_stats("provider", p, np);
            }
        }
    }
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
        goto out;
    }
    if (!stats)
        j = mm_server_takedown_json(&t);
    if (j) {
        cli_print_json(stdout, j);
        json_decref(j);
    }
out:
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
