/*
 * cmd_discover.c — `mamoru discover`: unreported domains that share IP
 * addresses or TLS certificates with confirmed phishing hosts in passive
 * DNS, ranked with the reasons (mm_store_discover).
 *
 * The brand list for the look-alike reason is data/brands.tsv (and the
 * lure words data/url_lures.tsv) from the data directory; without them the
 * ranking uses the infrastructure reasons alone. Output: one line per
 * candidate (score, domain, reasons), or with --json one JSON object per
 * line exactly as GET /v1/discover returns each candidate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mamoru/server_phish.h"

static const char *const discover_opts[] = {"--domain", "--limit", "--max-fanout", "--window-days",
                                            NULL};

/* Brands from dir (NULL when brands.tsv is absent; *rc set on a bad file). */
static mm_discover_brands *load_brands(const char *dir, int *rc)
{
    char bp[1100], lp[1100];
    snprintf(bp, sizeof bp, "%s/brands.tsv", dir);
    snprintf(lp, sizeof lp, "%s/url_lures.tsv", dir);
    if (access(bp, R_OK) != 0)
        return NULL;
    size_t bl = 0, ll = 0;
    char *b = cli_read_file(bp, &bl);
    char *l = access(lp, R_OK) == 0 ? cli_read_file(lp, &ll) : NULL;
    mm_discover_brands *out = NULL;
    mm_error err = {0};
    if (b == NULL) {
        *rc = EXIT_FAIL;
    } else if (mm_discover_brands_parse(b, bl, l, ll, &out, &err) != MM_OK) {
        fprintf(stderr, "mamoru: %s: %s\n", bp, err.message);
        *rc = EXIT_FAIL;
    }
    free(b);
    free(l);
    return out;
}

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
    mm_discover_brands *brands = load_brands(cfg.data_dir, &rc);
    if (rc || (rc = cli_open_store(&cfg, &s, &codes))) {
        mm_discover_brands_free(brands);
        return rc;
    }
    mm_discover_query q = {.domain = cli_get(&a, "--domain"),
                           .limit = limit > 0 ? (int)limit : 50,
                           .max_fanout = fan > 0 ? (int)fan : 0,
                           .window_s = days > 0 ? days * 86400 : 0,
                           .role = MM_ROLE_ANALYST};
    mm_arena *ar = mm_arena_new(1 << 20);
    mm_discover_candidate *c = NULL;
    size_t n = 0, seeds = 0, skipped = 0;
    mm_error err = {0};
    mm_status st = mm_store_discover(s, &q, brands, ar, &c, &n, &seeds, &skipped, &err);
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
                n, seeds, skipped, brands ? "" : "; no brands.tsv: no look-alike scores");
    }
    mm_arena_free(ar);
    mm_discover_brands_free(brands);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
