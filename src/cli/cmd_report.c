/*
 * cmd_report.c — `mamoru report` and `mamoru lookup`: one indicator from
 * the shell, against the store directly (the CLI runs with the operator's
 * file access, so it acts as the organisation named by --org, or as the
 * built-in "local-operator" analyst organisation).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#define LOCAL_ORG "local-operator"

int cli_resolve_org(mm_store *s, const char *name, mm_arena *a, int64_t *org_id)
{
    mm_org org;
    mm_error err = {0};
    mm_status st = mm_org_find(s, name ? name : LOCAL_ORG, a, &org, &err);
    if (st == MM_ENOTFOUND && name == NULL) {
        char *key = NULL;
        st = mm_org_add(s, LOCAL_ORG, MM_ROLE_ANALYST, a, &org, &key, &err);
    }
    if (st == MM_ENOTFOUND) {
        fprintf(stderr, "mamoru: --org: no organisation named '%s' (see `mamoru org list`)\n",
                name);
        return EXIT_USAGE;
    }
    if (st != MM_OK)
        return cli_fail(&err, st);
    *org_id = org.id;
    return 0;
}

/* Parse an integer option; -2 when absent, -1 (message printed) when bad. */
long long cli_int_opt(const cli_args *a, const char *name, long long lo, long long hi)
{
    const char *v = cli_get(a, name);
    if (v == NULL)
        return -2;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (end == v || *end != '\0' || n < lo || n > hi) {
        fprintf(stderr, "mamoru: %s: expected an integer from %lld to %lld, got '%s'\n", name, lo,
                hi, v);
        return -1;
    }
    return n;
}

static const char *const report_opts[] = {"--kind",         "--value",   "--category",
                                          "--org",          "--status",  "--confidence",
                                          "--distribution", "--evidence", "--expires", NULL};

int cmd_report(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("report");
    int rc = cli_parse(argc, argv, report_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *kind_s = cli_get(&a, "--kind"), *value = cli_get(&a, "--value"),
               *category = cli_get(&a, "--category");
    if (!kind_s || !value || !category) {
        fprintf(stderr, "mamoru report: --kind, --value and --category are required\nusage: %s\n",
                cmd->usage);
        return EXIT_USAGE;
    }
    mm_error err = {0};
    mm_report r = {.value = value,
                   .category = category,
                   .status = cli_get(&a, "--status"),
                   .distribution = cli_get(&a, "--distribution"),
                   .evidence = cli_get(&a, "--evidence"),
                   .confidence = -1};
    mm_status st = mm_kind_parse(kind_s, &r.kind, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    long long conf = cli_int_opt(&a, "--confidence", 0, 100);
    long long exp = cli_int_opt(&a, "--expires", 0, 253402300799LL);
    if (conf == -1 || exp == -1)
        return EXIT_USAGE;
    if (conf >= 0)
        r.confidence = (int)conf;
    if (exp >= 0)
        r.expires = exp;
    cli_config cfg;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    mm_store *s;
    mm_zengin *codes;
    if ((rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(0);
    rc = cli_resolve_org(s, cli_get(&a, "--org"), ar, &r.org_id);
    if (rc == 0) {
        mm_indicator ind;
        bool created = false;
        st = mm_store_report(s, &r, ar, &ind, &created, &err);
        if (st != MM_OK) {
            rc = cli_fail(&err, st);
        } else {
            json_t *j = mm_server_indicator_json(&ind);
            json_object_set_new(j, "new", json_boolean(created));
            cli_print_json(stdout, j);
            json_decref(j);
        }
    }
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}

static const char *const lookup_opts[] = {"--kind", "--value", NULL};

int cmd_lookup(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("lookup");
    int rc = cli_parse(argc, argv, lookup_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *kind_s = cli_get(&a, "--kind"), *value = cli_get(&a, "--value");
    if (!kind_s || !value) {
        fprintf(stderr, "mamoru lookup: --kind and --value are required\nusage: %s\n", cmd->usage);
        return EXIT_USAGE;
    }
    mm_error err = {0};
    mm_kind kind;
    mm_status st = mm_kind_parse(kind_s, &kind, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    cli_config cfg;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    mm_store *s;
    mm_zengin *codes;
    if ((rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(0);
    mm_indicator ind;
    st = mm_store_lookup(s, kind, value, ar, &ind, &err);
    if (st == MM_ENOTFOUND) {
        fprintf(stderr, "mamoru lookup: %s '%s' is not listed\n", kind_s, value);
        rc = EXIT_NOTFOUND;
    } else if (st != MM_OK) {
        rc = cli_fail(&err, st);
    } else {
        json_t *j = mm_server_indicator_json(&ind);
        cli_print_json(stdout, j);
        json_decref(j);
    }
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
