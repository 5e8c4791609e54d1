/*
 * cmd_norm.c — `mamoru norm KIND VALUE [--json]`: the normalisers from the
 * shell. Prints the canonical form (or, with --json, every detail); invalid
 * input exits 2 with the error on stderr. Bank codes are checked against
 * the Zengin list when it is present.
 */
#include "cli/cli.h"

int cmd_norm(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(argc, argv, NULL, NULL, &a, cli_find("norm"));
    if (rc || a.help)
        return rc;
    if (a.common.npositional != 2) {
        fprintf(stderr, "mamoru norm: expected KIND VALUE\nusage: %s\n", cli_find("norm")->usage);
        return EXIT_USAGE;
    }
    mm_error err = {0};
    mm_kind kind;
    mm_status st = mm_kind_parse(a.common.positional[0], &kind, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    mm_zengin *codes = NULL;
    if (kind == MM_KIND_BANK_ACCOUNT) {
        cli_config cfg;
        cli_opts o = a.common;
        o.db = ":memory:";
        if ((rc = cli_load_config(&o, &cfg)))
            return rc;
        codes = cli_load_zengin(cfg.zengin_dir);
    }
    mm_arena *ar = mm_arena_new(0);
    mm_norm_result r;
    st = mm_norm_value(kind, a.common.positional[1], codes, ar, &r, &err);
    if (st != MM_OK) {
        rc = cli_fail(&err, st);
    } else if (a.common.json) {
        json_t *j = json_object();
        json_object_set_new(j, "kind", json_string(mm_kind_name(kind)));
        json_object_set_new(j, "canonical", json_string(r.canonical));
        json_object_set_new(j, "display", json_string(r.display ? r.display : r.canonical));
        for (int i = 0; i < r.ndetails; i++)
            json_object_set_new(j, r.details[i].key, json_string(r.details[i].value));
        cli_print_json(stdout, j);
        json_decref(j);
    } else {
        printf("%s\n", r.canonical);
    }
    mm_arena_free(ar);
    mm_zengin_free(codes);
    return rc;
}
