/*
 * cmd_discover.c — `mamoru discover`: unreported domains that share IP
 * addresses or TLS certificates with confirmed phishing hosts in passive
 * DNS, ranked with the reasons (mm_store_discover).
 *
 * The look-alike reason is the URL detector's verdict for each candidate
 * host (its dictionaries and risk model from the data directory, as
 * `mamoru screen url` loads them; mm_server_discover_lookalike maps it,
 * exactly as GET /v1/discover does); without brands.tsv the ranking uses
 * the infrastructure reasons alone. Output: one line per
 * candidate (score, domain, reasons), or with --json one JSON object per
 * line exactly as GET /v1/discover returns each candidate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "mamoru/ingest.h"
#include "mamoru/screen_url.h"
#include "mamoru/server_phish.h"

static const char *const discover_opts[] = {"--domain", "--limit", "--max-fanout", "--window-days",
                                            NULL};

int cmd_discover(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("discover");
    int rc = cli_parse(argc, argv, discover_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    if (a.common.npositional > 0) {
        fprintf(stderr, "mamoru discover: unexpected argument '%s'\nusage: %s\n",
                a.common.positional[0], cmd->usage);
        return EXIT_USAGE;
    }
    long long limit = cli_int_opt(&a, "--limit", 1, 1000);
    long long fan = cli_int_opt(&a, "--max-fanout", 1, 100000);
    long long days = cli_int_opt(&a, "--window-days", 1, 3650);
    if (limit == -1 || fan == -1 || days == -1)
        return EXIT_USAGE;
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    mm_url_model *um = NULL;
    mm_error lerr = {0};
    mm_status ls = mm_url_model_load(cfg.data_dir, &um, &lerr);
    if (ls != MM_OK)
        return cli_fail(&lerr, ls);
    if ((rc = cli_open_store(&cfg, &s, &codes))) {
        mm_url_model_free(um);
        return rc;
    }
    bool have_brands = um != NULL && mm_url_model_brand_count(um) > 0;
    mm_discover_lookalike look = {mm_server_discover_lookalike, um};
    mm_discover_query q = {.domain = cli_get(&a, "--domain"),
                           .limit = limit > 0 ? (int)limit : 50,
                           .max_fanout = fan > 0 ? (int)fan : 0,
                           .window_s = days > 0 ? days * 86400 : 0,
                           .role = MM_ROLE_ANALYST};
    mm_arena *ar = mm_arena_new(1 << 20);
    mm_discover_candidate *c = NULL;
    size_t n = 0, seeds = 0, skipped = 0;
    mm_error err = {0};
    mm_status st =
        mm_store_discover(s, &q, um ? &look : NULL, ar, &c, &n, &seeds, &skipped, &err);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
    } else {
        for (size_t i = 0; i < n; i++) {
            if (a.common.json) {
                json_t *j = mm_server_candidate_json(&c[i]);
                cli_print_json(stdout, j);
                json_decref(j);
                continue;
            }
            printf("%3d  %s%s%s\n", c[i].score, c[i].domain, c[i].brand ? "  brand: " : "",
                   c[i].brand ? c[i].brand : "");
            for (size_t r = 0; r < c[i].nreasons; r++)
                printf("       %-17s %3d  %s\n", c[i].reasons[r].code, c[i].reasons[r].weight,
                       c[i].reasons[r].detail);
        }
        fprintf(stderr, "discover: %zu candidates from %zu seed hosts seen in passive DNS (%zu "
                        "shared-hosting IPs or certificates skipped)%s\n",
                n, seeds, skipped, have_brands ? "" : "; no brands.tsv: no look-alike scores");
    }
    mm_arena_free(ar);
    mm_url_model_free(um);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
