/*
 * cmd_demo.c — `mamoru demo`: load the demo scenario into a store.
 *
 * Organisations come from data/demo/orgs.tsv and indicators (every kind,
 * all fictitious: reserved domains, made-up numbers) from
 * data/demo/indicators.jsonl, each reported by the organisation named in
 * its "org" field. Run twice, it keeps the existing data and issues fresh
 * keys, so `make run` can always print working curl examples.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

typedef struct demo_org {
    char name[64];
    int64_t id;
    mm_role role;
    char *key;
} demo_org;

static int load_orgs(mm_store *s, const char *dir, mm_arena *ar, demo_org *orgs, int *norgs,
                     bool *existed)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/orgs.tsv", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return EXIT_USAGE;
    }
    char line[512];
    int n = 0, rc = 0;
    while (rc == 0 && n < 32 && fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *name = strtok(line, "\t\n"), *role_s = strtok(NULL, "\t\n");
        mm_error err = {0};
        demo_org *o = &orgs[n];
        if (!name || !role_s || mm_role_parse(role_s, &o->role, &err) != MM_OK) {
            fprintf(stderr, "mamoru demo: %s: bad line '%s'\n", path, line);
            rc = EXIT_USAGE;
            break;
        }
        snprintf(o->name, sizeof o->name, "%s", name);
        mm_org org;
        mm_status st = mm_org_find(s, name, ar, &org, &err);
        if (st == MM_OK) {
            *existed = true;
            st = mm_org_new_key(s, org.id, ar, &o->key, &err);
        } else if (st == MM_ENOTFOUND) {
            st = mm_org_add(s, name, o->role, ar, &org, &o->key, &err);
        }
        if (st != MM_OK)
            rc = cli_fail(&err, st);
        o->id = org.id;
        n++;
    }
    fclose(f);
    *norgs = n;
    return rc;
}

static int64_t org_id_of(const demo_org *orgs, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(orgs[i].name, name) == 0)
            return orgs[i].id;
    return 0;
}

static const char *jstr(json_t *j, const char *k)
{
    return json_string_value(json_object_get(j, k));
}

static int load_indicators(mm_store *s, const char *dir, mm_arena *ar, const demo_org *orgs,
                           int norgs, long *loaded)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/indicators.jsonl", dir);
    json_error_t je;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return EXIT_USAGE;
    }
    mm_report rows[1024];
    json_t *keep[1024];
    size_t n = 0;
    char line[4096];
    while (n < 1024 && fgets(line, sizeof line, f)) {
        json_t *j = json_loads(line, 0, &je);
        mm_report *r = &rows[n];
        memset(r, 0, sizeof *r);
        if (j == NULL || mm_kind_parse(jstr(j, "kind"), &r->kind, NULL) != MM_OK) {
            fprintf(stderr, "mamoru demo: %s: bad line %zu\n", path, n + 1);
            json_decref(j);
            fclose(f);
            for (size_t i = 0; i < n; i++)
                json_decref(keep[i]);
            return EXIT_USAGE;
        }
        r->value = jstr(j, "value");
        r->category = jstr(j, "category");
        r->status = jstr(j, "status");
        r->distribution = jstr(j, "distribution");
        json_t *c = json_object_get(j, "confidence");
        r->confidence = c ? (int)json_integer_value(c) : -1;
        r->org_id = org_id_of(orgs, norgs, jstr(j, "org") ? jstr(j, "org") : "");
        keep[n++] = j;
    }
    fclose(f);
    mm_status *codes = mm_arena_calloc(ar, n, sizeof *codes);
    mm_error *errs = mm_arena_calloc(ar, n, sizeof *errs);
    mm_indicator *out = mm_arena_calloc(ar, n, sizeof *out);
    mm_error err = {0};
    int rc = 0;
    mm_status st = mm_store_report_batch(s, rows, n, ar, out, NULL, codes, errs, &err);
    if (st != MM_OK)
        rc = cli_fail(&err, st);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (codes[i] == MM_OK)
            (*loaded)++;
        else
            fprintf(stderr, "mamoru demo: line %zu (%s): %s: %s\n", i + 1,
                    mm_kind_name(rows[i].kind), errs[i].field, errs[i].message);
    }
    for (size_t i = 0; i < n; i++)
        json_decref(keep[i]);
    return rc;
}

static const char *const demo_opts[] = {"--data", "--keys-out", NULL};

int cmd_demo(int argc, char **argv)
{
    cli_args a;
    const cli_command *cmd = cli_find("demo");
    int rc = cli_parse(argc, argv, demo_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    const char *dir = cli_get(&a, "--data") ? cli_get(&a, "--data") : "data/demo";
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    mm_arena *ar = mm_arena_new(1 << 20);
    demo_org orgs[32];
    int norgs = 0;
    bool existed = false;
    long loaded = 0;
    rc = load_orgs(s, dir, ar, orgs, &norgs, &existed);
    if (rc == 0 && !existed)
        rc = load_indicators(s, dir, ar, orgs, norgs, &loaded);
    if (rc == 0) {
        if (existed)
            printf("demo scenario already loaded in %s; issued fresh API keys\n", cfg.db);
        else
            printf("demo scenario loaded into %s: %d organisations, %ld indicators\n", cfg.db,
                   norgs, loaded);
        FILE *kf = cli_get(&a, "--keys-out") ? fopen(cli_get(&a, "--keys-out"), "w") : NULL;
        printf("\n%-16s %-18s %s\n", "organisation", "role", "API key");
        for (int i = 0; i < norgs; i++) {
            printf("%-16s %-18s %s\n", orgs[i].name, mm_role_name(orgs[i].role), orgs[i].key);
            if (kf)
                fprintf(kf, "%s\t%s\t%s\n", orgs[i].name, mm_role_name(orgs[i].role),
                        orgs[i].key);
        }
        if (kf)
            fclose(kf);
    }
    mm_arena_free(ar);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
