/*
 * cmd_import_pdns.c — `mamoru import pdns FILE` (passive-DNS records, CSV
 * or JSONL) and `mamoru import phish-reports FILE...` (phishing URL lists
 * shaped like JPCERT/CC's public phishurl-list: date, URL, brand).
 *
 * `mamoru import` hands over here for "pdns" and "phish-reports". Files are
 * streamed (a quoted CSV field may span lines), each record parsed by
 * src/ingest/phish_input.c; a bad one is reported as "FILE:LINE: field:
 * message" and the good ones are kept, one transaction per batch. Exit 0
 * when every record was kept, 2 when some were rejected or a file is
 * unusable, 1 when the store failed. A report becomes a url indicator:
 * category phishing, status confirmed, distribution public (the list is
 * public), evidence "brand=…", first seen = the list's date; the store
 * de-duplicates by canonical URL (a repeat counts as a duplicate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli/cli.h"
#include "mamoru/ingest_phish.h"

#define MAX_FIELDS 32

/* ---- a record reader shared by both imports ------------------------------------- */

typedef struct reader {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    long lineno;
    mm_buf rec;
} reader;

/* Next record (CSV: complete quotes; JSONL: one line); blank lines skipped.
 * Returns its text (valid until the next call) and its first line number,
 * or NULL at the end. */
static char *next_record(reader *r, bool csv, long *first_line)
{
    ssize_t len;
    mm_buf_reset(&r->rec);
    while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
        r->lineno++;
        while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
            r->line[--len] = '\0';
        if (r->rec.len == 0) {
            if (len == 0)
                continue;
            *first_line = r->lineno;
        } else {
            mm_buf_putc(&r->rec, '\n');
        }
        mm_buf_append(&r->rec, r->line, (size_t)len);
        if (!csv || mm_ingest_csv_complete(r->rec.data))
            return r->rec.data;
    }
    if (r->rec.len > 0)
        return r->rec.data; /* unterminated quote at the end: the splitter refuses it */
    return NULL;
}

static void reject(const char *path, long line, const char *field, const char *msg, long *count)
{
    (*count)++;
    fprintf(stderr, "%s:%ld: %s: %s\n", path, line, field && field[0] ? field : "record", msg);
}

static FILE *open_input(const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL)
        perror(path);
    return f;
}

/* Map header names to column indexes; names[i] is the canonical name of
 * column i; aliases are accepted case-insensitively. Returns 0 or prints
 * the problem and returns EXIT_USAGE. */
static int map_header(const char *path, long line, char **fields, int nf,
                      const char *const *names, const char *const *aliases, int ncols,
                      int *colmap, const char *expected)
{
    for (int i = 0; i < nf; i++) {
        colmap[i] = -1;
        for (int c = 0; c < ncols; c++)
            if (strcasecmp(fields[i], names[c]) == 0 ||
                (aliases[c] && strcasecmp(fields[i], aliases[c]) == 0))
                colmap[i] = c;
        if (colmap[i] < 0) {
            fprintf(stderr, "%s:%ld: header: unknown column '%s' (expected %s)\n", path, line,
                    fields[i], expected);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* ---- import pdns ------------------------------------------------------------------ */

static const cli_command pdns_cmd = {
    "import", "import passive-DNS records",
    "mamoru import pdns FILE [--format csv|jsonl] [--org NAME] [--batch N] [--db PATH]\n"
    "  CSV header: domain,ip,first_seen[,last_seen][,cert] (any order)\n"
    "  JSONL: one {\"domain\",\"ip\",\"first_seen\",\"last_seen\",\"cert\"} object per line\n"
    "  times: unix seconds, RFC 3339 or YYYY-MM-DD; cert: SHA-1/SHA-256 hex fingerprint",
    cmd_import_pdns};

typedef struct pdns_batch {
    mm_store *store;
    int64_t org_id;
    mm_pdns_record *rows;
    size_t n, cap;
    mm_arena *arena;
    long added, merged;
} pdns_batch;

static int pdns_flush(pdns_batch *b)
{
    if (b->n == 0)
        return 0;
    size_t added = 0;
    mm_error err = {0};
    mm_status st = mm_store_pdns_add(b->store, b->rows, b->n, b->org_id, &added, &err);
    if (st != MM_OK)
        return cli_fail(&err, st) == EXIT_USAGE ? EXIT_USAGE : EXIT_FAIL;
    b->added += (long)added;
    b->merged += (long)(b->n - added);
    b->n = 0;
    mm_arena_reset(b->arena);
    return 0;
}

int cmd_import_pdns(int argc, char **argv)
{
    static const char *const opts[] = {"--format", "--org", "--batch", NULL};
    cli_args a;
    /* argv[1] is "pdns": parse the rest */
    int rc = cli_parse(argc - 1, argv + 1, opts, NULL, &a, &pdns_cmd);
    if (rc || a.help)
        return rc;
    if (a.common.npositional != 1) {
        fprintf(stderr, "mamoru import pdns: expected one FILE\nusage: %s\n", pdns_cmd.usage);
        return EXIT_USAGE;
    }
    const char *path = a.common.positional[0];
    const char *fmt = cli_get(&a, "--format");
    size_t pl = strlen(path);
    if (fmt == NULL)
        fmt = pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0 ? "csv" : "jsonl";
    if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "jsonl") != 0) {
        fprintf(stderr, "mamoru: format: expected csv or jsonl, got '%s'\n", fmt);
        return EXIT_USAGE;
    }
    bool csv = strcmp(fmt, "csv") == 0;
    long long batch = cli_int_opt(&a, "--batch", 1, 100000);
    if (batch == -1)
        return EXIT_USAGE;
    FILE *f = open_input(path);
    if (f == NULL)
        return EXIT_USAGE;
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes))) {
        if (f != stdin)
            fclose(f);
        return rc;
    }
    pdns_batch b = {.store = s, .cap = batch > 0 ? (size_t)batch : 5000,
                    .arena = mm_arena_new(1 << 20)};
    b.rows = calloc(b.cap, sizeof *b.rows);
    mm_arena *org_arena = mm_arena_new(0);
    mm_arena *tmp = mm_arena_new(0);
    if (b.rows == NULL || b.arena == NULL || org_arena == NULL || tmp == NULL) {
        fprintf(stderr, "mamoru import pdns: out of memory\n");
        rc = EXIT_FAIL;
        goto out;
    }
    if ((rc = cli_resolve_org(s, cli_get(&a, "--org"), org_arena, &b.org_id)))
        goto out;
    static const char *const names[] = {"domain", "ip", "first_seen", "last_seen", "cert"};
    static const char *const aliases[] = {"rrname", "rdata", "time_first", "time_last",
                                          "cert_sha256"};
    int colmap[MAX_FIELDS], ncols = 0;
    long rejected = 0, first = 0, records = 0;
    reader r = {.f = f, .path = path};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *rec;
    while (rc == 0 && (rec = next_record(&r, csv, &first)) != NULL) {
        mm_error err = {0};
        mm_pdns_record pr;
        mm_status st;
        if (csv) {
            char *fields[MAX_FIELDS];
            int nf = mm_ingest_csv_split(rec, fields, MAX_FIELDS);
            if (ncols == 0) {
                if (nf < 0) {
                    fprintf(stderr, "%s:%ld: header: malformed CSV\n", path, first);
                    rc = EXIT_USAGE;
                    break;
                }
                if ((rc = map_header(path, first, fields, nf, names, aliases, 5, colmap,
                                     "domain, ip, first_seen, last_seen, cert")))
                    break;
                ncols = nf;
                bool have[5] = {0};
                for (int i = 0; i < nf; i++)
                    have[colmap[i]] = true;
                if (!have[0] || !have[1] || !have[2]) {
                    fprintf(stderr, "%s:%ld: header: domain, ip and first_seen are required\n",
                            path, first);
                    rc = EXIT_USAGE;
                }
                continue;
            }
            records++;
            if (nf != ncols) {
                char msg[96];
                snprintf(msg, sizeof msg, "has %d fields, the header has %d (or bad quoting)", nf,
                         ncols);
                reject(path, first, "record", msg, &rejected);
                continue;
            }
            const char *v[5] = {0};
            for (int i = 0; i < nf; i++)
                v[colmap[i]] = fields[i];
            st = mm_ingest_pdns_fields(v[0], v[1], v[2], v[3], v[4], b.arena, &pr, &err);
        } else {
            records++;
            st = mm_ingest_pdns_json(rec, strlen(rec), b.arena, &pr, &err);
        }
        if (st != MM_OK) {
            reject(path, first, err.field, err.message, &rejected);
            continue;
        }
        b.rows[b.n++] = pr;
        if (b.n == b.cap)
            rc = pdns_flush(&b);
    }
    if (rc == 0 && csv && ncols == 0) {
        fprintf(stderr, "%s: empty CSV file (a header line is required)\n", path);
        rc = EXIT_USAGE;
    }
    if (rc == 0)
        rc = pdns_flush(&b);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("import pdns %s: %ld records, %ld new domain/ip pairs, %ld merged, %ld rejected "
           "(%.2f s)\n",
           path, records, b.added, b.merged, rejected,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (rc == 0 && rejected > 0)
        rc = EXIT_USAGE;
    free(r.line);
    mm_buf_free(&r.rec);
out:
    if (f != stdin)
        fclose(f);
    free(b.rows);
    mm_arena_free(b.arena);
    mm_arena_free(org_arena);
    mm_arena_free(tmp);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}

/* ---- import phish-reports --------------------------------------------------------- */

static const cli_command reports_cmd = {
    "import", "import phishing report lists",
    "mamoru import phish-reports FILE... [--org NAME] [--status confirmed|reported]\n"
    "              [--distribution D] [--confidence N] [--batch N] [--db PATH]\n"
    "  CSV with header date,URL,description (JPCERT/CC phishurl-list; description = brand;\n"
    "  dates without a zone are JST). Each URL becomes a url indicator (category phishing,\n"
    "  evidence brand=…), de-duplicated by canonical URL.",
    cmd_import_phish_reports};

typedef struct rep_batch {
    mm_store *store;
    mm_report *rows;
    long *lines;
    const char **paths;
    size_t n, cap;
    mm_arena *arena;
    long created, dup, rejected;
} rep_batch;

static int rep_flush(rep_batch *b)
{
    if (b->n == 0)
        return 0;
    bool *created = mm_arena_calloc(b->arena, b->n, sizeof *created);
    mm_status *codes = mm_arena_calloc(b->arena, b->n, sizeof *codes);
    mm_error *errs = mm_arena_calloc(b->arena, b->n, sizeof *errs);
    mm_error err = {0};
    if (!created || !codes || !errs) {
        fprintf(stderr, "mamoru import phish-reports: out of memory\n");
        return EXIT_FAIL;
    }
    mm_status st = mm_store_report_batch(b->store, b->rows, b->n, NULL, NULL, created, codes,
                                         errs, &err);
    if (st != MM_OK) {
        fprintf(stderr, "%s:%ld: batch not written: %s\n", b->paths[0], b->lines[0], err.message);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < b->n; i++) {
        if (codes[i] != MM_OK) {
            /* the URL is the report's value: name it as the list does */
            const char *field = strcmp(errs[i].field, "value") == 0 ? "URL" : errs[i].field;
            reject(b->paths[i], b->lines[i], field, errs[i].message, &b->rejected);
        } else if (created[i]) {
            b->created++;
        } else {
            b->dup++;
        }
    }
    b->n = 0;
    mm_arena_reset(b->arena);
    return 0;
}

int cmd_import_phish_reports(int argc, char **argv)
{
    static const char *const opts[] = {"--org", "--status", "--distribution", "--confidence",
                                       "--batch", NULL};
    /* FILE... may be many (a month per file): take the files out of argv
     * here, cli_parse keeps at most 8 positional arguments */
    char **files = calloc((size_t)argc + 1, sizeof *files);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nfiles = 0, nrest = 0;
    if (files == NULL || rest == NULL) {
        free(files);
        free(rest);
        fprintf(stderr, "mamoru import phish-reports: out of memory\n");
        return EXIT_FAIL;
    }
    rest[nrest++] = argv[1];
    for (int i = 2; i < argc; i++) {
        bool valued = strchr(argv[i], '=') == NULL &&
                      (strcmp(argv[i], "--db") == 0 || strcmp(argv[i], "--config") == 0);
        for (const char *const *o = opts; *o && !valued; o++)
            valued = strcmp(argv[i], *o) == 0;
        if (strncmp(argv[i], "--", 2) == 0 || strcmp(argv[i], "-h") == 0) {
            rest[nrest++] = argv[i];
            if (valued && i + 1 < argc)
                rest[nrest++] = argv[++i];
        } else {
            files[nfiles++] = argv[i];
        }
    }
    cli_args a;
    int rc = cli_parse(nrest, rest, opts, NULL, &a, &reports_cmd);
    free(rest);
    if (rc || a.help) {
        free(files);
        return rc;
    }
    if (nfiles < 1) {
        free(files);
        fprintf(stderr, "mamoru import phish-reports: expected at least one FILE\nusage: %s\n",
                reports_cmd.usage);
        return EXIT_USAGE;
    }
    const char *status = cli_get(&a, "--status") ? cli_get(&a, "--status") : "confirmed";
    if (strcmp(status, "confirmed") != 0 && strcmp(status, "reported") != 0) {
        fprintf(stderr, "mamoru: status: expected confirmed or reported, got '%s'\n", status);
        free(files);
        return EXIT_USAGE;
    }
    const char *dist = cli_get(&a, "--distribution") ? cli_get(&a, "--distribution") : "public";
    mm_distribution dd;
    mm_error err = {0};
    mm_status st = mm_distribution_parse(dist, &dd, &err);
    long long conf = cli_int_opt(&a, "--confidence", 0, 100);
    long long batch = cli_int_opt(&a, "--batch", 1, 100000);
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if (st != MM_OK)
        rc = cli_fail(&err, st);
    else if (conf == -1 || batch == -1)
        rc = EXIT_USAGE;
    else if ((rc = cli_load_config(&a.common, &cfg)) == 0)
        rc = cli_open_store(&cfg, &s, &codes);
    if (rc) {
        free(files);
        return rc;
    }
    rep_batch b = {.store = s, .cap = batch > 0 ? (size_t)batch : 5000,
                   .arena = mm_arena_new(1 << 20)};
    b.rows = calloc(b.cap, sizeof *b.rows);
    b.lines = calloc(b.cap, sizeof *b.lines);
    b.paths = calloc(b.cap, sizeof *b.paths);
    mm_arena *org_arena = mm_arena_new(0);
    int64_t org_id = 0;
    long records = 0;
    if (!b.rows || !b.lines || !b.paths || !b.arena || !org_arena) {
        fprintf(stderr, "mamoru import phish-reports: out of memory\n");
        rc = EXIT_FAIL;
        goto out;
    }
    if ((rc = cli_resolve_org(s, cli_get(&a, "--org"), org_arena, &org_id)))
        goto out;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    static const char *const names[] = {"date", "URL", "description"};
    static const char *const aliases[] = {"confirmed", NULL, "brand"};
    for (int fi = 0; fi < nfiles && rc == 0; fi++) {
        const char *path = files[fi];
        FILE *f = open_input(path);
        if (f == NULL) {
            rc = EXIT_USAGE;
            break;
        }
        reader r = {.f = f, .path = path};
        int colmap[MAX_FIELDS], ncols = 0;
        long first = 0;
        char *rec;
        while (rc == 0 && (rec = next_record(&r, true, &first)) != NULL) {
            char *fields[MAX_FIELDS];
            int nf = mm_ingest_csv_split(rec, fields, MAX_FIELDS);
            if (ncols == 0) {
                if (nf < 0 || (rc = map_header(path, first, fields, nf, names, aliases, 3, colmap,
                                               "date, URL, description"))) {
                    if (nf < 0)
                        fprintf(stderr, "%s:%ld: header: malformed CSV\n", path, first);
                    rc = EXIT_USAGE;
                    break;
                }
                bool have[3] = {0};
                for (int i = 0; i < nf; i++)
                    have[colmap[i]] = true;
                if (!have[0] || !have[1]) {
                    fprintf(stderr, "%s:%ld: header: date and URL columns are required\n", path,
                            first);
                    rc = EXIT_USAGE;
                    break;
                }
                ncols = nf;
                continue;
            }
            records++;
            if (nf != ncols) {
                char msg[96];
                snprintf(msg, sizeof msg, "has %d fields, the header has %d (or bad quoting)", nf,
                         ncols);
                reject(path, first, "record", msg, &b.rejected);
                continue;
            }
            const char *v[3] = {0};
            for (int i = 0; i < nf; i++)
                v[colmap[i]] = fields[i];
            mm_phish_report pr;
            mm_error e = {0};
            if (mm_ingest_phish_report(v[0], v[1], v[2], b.arena, &pr, &e) != MM_OK) {
                reject(path, first, e.field, e.message, &b.rejected);
                continue;
            }
            mm_report rep = {.kind = MM_KIND_URL,
                             .value = pr.url,
                             .category = "phishing",
                             .status = status,
                             .confidence = conf >= 0 ? (int)conf : 80,
                             .distribution = dist,
                             .evidence = pr.brand ? mm_arena_printf(b.arena, "brand=%s", pr.brand)
                                                  : NULL,
                             .org_id = org_id,
                             .seen_at = pr.seen_at};
            b.rows[b.n] = rep;
            b.lines[b.n] = first;
            b.paths[b.n] = path;
            if (++b.n == b.cap)
                rc = rep_flush(&b);
        }
        if (rc == 0 && ncols == 0) {
            fprintf(stderr, "%s: empty file (a header line date,URL,description is required)\n",
                    path);
            rc = EXIT_USAGE;
        }
        if (rc == 0)
            rc = rep_flush(&b); /* per file: paths in the batch stay valid */
        free(r.line);
        mm_buf_free(&r.rec);
        if (f != stdin)
            fclose(f);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("import phish-reports: %ld records, %ld new, %ld duplicates, %ld rejected (%.2f s)\n",
           records, b.created, b.dup, b.rejected,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (rc == 0 && b.rejected > 0)
        rc = EXIT_USAGE;
out:
    free(files);
    free(b.rows);
    free(b.lines);
    free(b.paths);
    mm_arena_free(b.arena);
    mm_arena_free(org_arena);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
