/*
 * cmd_export.c — `mamoru export`: every indicator (optionally of one kind
 * or status) as CSV or JSONL, paged through the store by id so memory stays
 * flat however large the store. Personal data leaves only as keyed hashes.
 */
#include <string.h>

#include "cli/cli.h"

static void csv_field(FILE *f, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_row(FILE *f, const mm_indicator *ind)
{
    char fs[32] = "", ls[32] = "", ex[32] = "";
    mm_server_time_format(ind->first_seen, fs);
    mm_server_time_format(ind->last_seen, ls);
    if (ind->expires > 0)
        mm_server_time_format(ind->expires, ex);
    fprintf(f, "%lld,%s,", (long long)ind->id, mm_kind_name(ind->kind));
    csv_field(f, ind->hashed ? "" : ind->canonical);
    fputc(',', f);
    csv_field(f, ind->display);
    fprintf(f, ",%s,", ind->hash ? ind->hash : "");
    csv_field(f, ind->category);
    fprintf(f, ",%s,%d,%s,%s,%s,%s,%lld,%lld\n", mm_ind_status_name(ind->status), ind->confidence,
            mm_distribution_name(ind->distribution), fs, ls, ex, (long long)ind->sightings,
            (long long)ind->reporters);
}

static const char *const export_opts[] = {"--format", "--kind", "--status", "--out", NULL};

int cmd_export(int argc, char **argv)
{
    /* feeds (issue 3): `mamoru export rpz|hosts|csv|stix|hashprefix …` */
    static const char *const feeds[] = {"rpz", "hosts", "csv", "stix", "hashprefix"};
    for (size_t i = 0; argc > 1 && i < sizeof feeds / sizeof feeds[0]; i++)
        if (strcmp(argv[1], feeds[i]) == 0)
            return cmd_export_feed(argc, argv);
    cli_args a;
    const cli_command *cmd = cli_find("export");
    int rc = cli_parse(argc, argv, export_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *fmt = cli_get(&a, "--format") ? cli_get(&a, "--format") : "jsonl";
    bool csv = strcmp(fmt, "csv") == 0;
    if (!csv && strcmp(fmt, "jsonl") != 0) {
        fprintf(stderr, "mamoru export: --format: expected csv or jsonl, got '%s'\n", fmt);
        return EXIT_USAGE;
    }
    mm_error err = {0};
    mm_list_query q = {.kind = -1, .status = -1, .limit = 1000, .role = MM_ROLE_POLICE};
    if (cli_get(&a, "--kind")) {
        mm_kind k;
        mm_status st = mm_kind_parse(cli_get(&a, "--kind"), &k, &err);
        if (st != MM_OK)
            return cli_fail(&err, st);
        q.kind = (int)k;
    }
    if (cli_get(&a, "--status")) {
        mm_ind_status s;
        mm_status st = mm_ind_status_parse(cli_get(&a, "--status"), &s, &err);
        if (st != MM_OK)
            return cli_fail(&err, st);
        q.status = (int)s;
    }
    FILE *out = stdout;
    if (cli_get(&a, "--out") && (out = fopen(cli_get(&a, "--out"), "w")) == NULL) {
        perror(cli_get(&a, "--out"));
        return EXIT_USAGE;
    }
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes))) {
        if (out != stdout)
            fclose(out);
        return rc;
    }
    if (csv)
        fputs("id,kind,canonical,display,hash,category,status,confidence,distribution,"
              "first_seen,last_seen,expires,sightings,reporters\n",
              out);
    mm_arena *ar = mm_arena_new(1 << 20);
    long total = 0;
    for (;;) {
        mm_indicator *items = NULL;
        size_t n = 0;
        int64_t next = 0;
        mm_status st = mm_store_list(s, &q, ar, &items, &n, &next, &err);
        if (st != MM_OK) {
            rc = cli_fail(&err, st);
            break;
        }
        for (size_t i = 0; i < n; i++) {
            if (csv) {
                csv_row(out, &items[i]);
            } else {
                json_t *j = mm_server_indicator_json(&items[i]);
                cli_print_json(out, j);
                json_decref(j);
            }
        }
        total += (long)n;
        mm_arena_reset(ar);
        if (next == 0 || n == 0)
            break;
        q.cursor = next;
    }
    if (fflush(out) != 0 || (out != stdout && fclose(out) != 0)) {
        perror("mamoru export");
        rc = EXIT_FAIL;
    }
    if (rc == 0)
        fprintf(stderr, "exported %ld indicators\n", total);
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
