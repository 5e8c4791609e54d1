/*
 * cmd_audit.c — `mamoru audit verify`: walk the hash-chained audit log and
 * say whether any entry was edited, deleted or reordered (exit 4 if so).
 */
#include <string.h>

#include "cli/cli.h"

int cmd_audit(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("audit");
    int rc = cli_parse(argc, argv, NULL, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    if (a.common.npositional != 1 || strcmp(a.common.positional[0], "verify") != 0) {
        fprintf(stderr, "mamoru audit: expected 'verify'\nusage: %s\n", cmd->usage);
        return EXIT_USAGE;
    }
    cli_config cfg;
    if ((rc = cli_load_config(&a.common, &cfg)))
        return rc;
    mm_store *s;
    mm_zengin *codes;
    if ((rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_audit_result res = {0};
    mm_error err = {0};
    mm_status st = mm_audit_verify(s, &res, &err);
    if (st == MM_OK) {
        printf("audit chain intact: %lld entries verified\n", (long long)res.checked);
    } else if (st == MM_ECONFLICT) {
        printf("audit chain BROKEN at entry %lld: %s (%lld entries verified before it)\n",
               (long long)res.first_bad, res.reason, (long long)res.checked);
        rc = EXIT_TAMPERED;
    } else {
        rc = cli_fail(&err, st);
    }
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
