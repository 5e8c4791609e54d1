/*
 * cmd_org.c — `mamoru org add|list|key`: organisations and their API keys.
 * A new key is printed once, alone on the last line, so scripts can take it
 * with `tail -n 1`; only its hash is stored.
 */
#include <string.h>

#include "cli/cli.h"

static const char *const org_opts[] = {"--role", NULL};

int cmd_org(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("org");
    int rc = cli_parse(argc, argv, org_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *sub = a.common.npositional ? a.common.positional[0] : "";
    bool add = strcmp(sub, "add") == 0, list = strcmp(sub, "list") == 0,
         key = strcmp(sub, "key") == 0;
    if (!add && !list && !key) {
        fprintf(stderr, "mamoru org: expected add, list or key\nusage: %s\n", cmd->usage);
        return EXIT_USAGE;
    }
    if ((add || key) && a.common.npositional != 2) {
        fprintf(stderr, "mamoru org %s: expected an organisation NAME\nusage: %s\n", sub,
                cmd->usage);
        return EXIT_USAGE;
    }
    mm_error err = {0};
    mm_role role = MM_ROLE_ANALYST;
    if (add) {
        const char *r = cli_get(&a, "--role");
        if (r == NULL) {
            fprintf(stderr, "mamoru org add: --role is required\nusage: %s\n", cmd->usage);
            return EXIT_USAGE;
        }
        mm_status st = mm_role_parse(r, &role, &err);
        if (st != MM_OK)
            return cli_fail(&err, st);
    }
    cli_config cfg;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    mm_store *s;
    mm_zengin *codes;
    if ((rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(0);
    mm_status st = MM_OK;
    if (add) {
        mm_org org;
        char *k = NULL;
        st = mm_org_add(s, a.common.positional[1], role, ar, &org, &k, &err);
        if (st == MM_OK)
            printf("organisation %lld '%s' (%s) added; API key (shown once):\n%s\n",
                   (long long)org.id, org.name, mm_role_name(org.role), k);
    } else if (key) {
        mm_org org;
        char *k = NULL;
        st = mm_org_find(s, a.common.positional[1], ar, &org, &err);
        if (st == MM_OK)
            st = mm_org_new_key(s, org.id, ar, &k, &err);
        if (st == MM_OK)
            printf("new API key for '%s' (shown once):\n%s\n", org.name, k);
    } else {
        mm_org *orgs = NULL;
        size_t n = 0;
        st = mm_org_list(s, ar, &orgs, &n, &err);
        for (size_t i = 0; st == MM_OK && i < n; i++) {
            char t[32];
            mm_server_time_format(orgs[i].created, t);
            if (a.common.json) {
                json_t *j = json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)orgs[i].id, "name",
                                      orgs[i].name, "role", mm_role_name(orgs[i].role),
                                      "created", t);
                cli_print_json(stdout, j);
                json_decref(j);
            } else {
                printf("%-6lld %-16s %-20s %s\n", (long long)orgs[i].id,
                       mm_role_name(orgs[i].role), t, orgs[i].name);
            }
        }
    }
    if (st != MM_OK)
        rc = cli_fail(&err, st);
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
