/*
 * cmd_import.c — `mamoru import FILE`: bulk indicators from CSV or JSONL.
 *
 * Streams the file, batching rows into one store transaction per batch
 * (fast, and a batch is acknowledged only after its commit). A bad row is
 * reported on stderr with its line number and field and skipped; the good
 * rows around it are kept. Exit 0 when every row was kept, 2 when some were
 * rejected or the file as a whole is unusable (bad header, unreadable).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mamoru/ingest_phish.h"

enum { COL_KIND, COL_VALUE, COL_CATEGORY, COL_STATUS, COL_CONFIDENCE, COL_DISTRIBUTION,
       COL_EVIDENCE, COL_EXPIRES, COL__COUNT };
static const char *const col_names[COL__COUNT] = {"kind",         "value",    "category",
                                                 "status",       "confidence", "distribution",
                                                 "evidence",     "expires"};

typedef struct importer {
    mm_store *store;
    mm_arena *arena;
    int64_t org_id;
    size_t batch_cap;
    mm_report *rows;
    long *lines;
    size_t n;
    long created, sighted, rejected;
} importer;

static void reject(importer *im, long line, const char *field, const char *msg)
{
    im->rejected++;
    fprintf(stderr, "line %ld: %s: %s\n", line, field, msg);
}

static int flush(importer *im)
{
    if (im->n == 0)
        return 0;
    mm_indicator *out = mm_arena_calloc(im->arena, im->n, sizeof *out);
    bool *created = mm_arena_calloc(im->arena, im->n, sizeof *created);
    mm_status *codes = mm_arena_calloc(im->arena, im->n, sizeof *codes);
    mm_error *errs = mm_arena_calloc(im->arena, im->n, sizeof *errs);
    mm_error err = {0};
    if (!out || !created || !codes || !errs) {
        fprintf(stderr, "mamoru import: out of memory\n");
        return EXIT_FAIL;
    }
    mm_status st = mm_store_report_batch(im->store, im->rows, im->n, im->arena, out, created,
                                         codes, errs, &err);
    if (st != MM_OK) {
        fprintf(stderr, "mamoru import: batch at line %ld not written: %s\n", im->lines[0],
                err.message);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < im->n; i++) {
        if (codes[i] != MM_OK)
            reject(im, im->lines[i], errs[i].field[0] ? errs[i].field : "row", errs[i].message);
        else if (created[i])
            im->created++;
        else
            im->sighted++;
    }
    im->n = 0;
    mm_arena_reset(im->arena);
    return 0;
}

/* Unix seconds or RFC 3339 UTC ("2027-01-31T00:00:00Z" / "2027-01-31"). */
static int parse_time(const char *s, int64_t *out)
{
    char *end;
    long long n = strtoll(s, &end, 10);
    if (end != s && *end == '\0' && n >= 0) {
        *out = n;
        return 0;
    }
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (p == NULL) {
        memset(&tm, 0, sizeof tm);
        p = strptime(s, "%Y-%m-%d", &tm);
    }
    if (p == NULL || !(*p == '\0' || strcmp(p, "Z") == 0 || strcmp(p, "+00:00") == 0))
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

/* Validate one row's fields into a report; returns 0 or rejects it. */
static int add_row(importer *im, long line, const char *f[COL__COUNT])
{
    char msg[400];
    for (int c = COL_KIND; c <= COL_CATEGORY; c++) {
        if (f[c] == NULL || f[c][0] == '\0') {
            reject(im, line, col_names[c], "is required");
            return 0;
        }
    }
    mm_report r = {.confidence = -1};
    mm_error err = {0};
    if (mm_kind_parse(f[COL_KIND], &r.kind, &err) != MM_OK) {
        reject(im, line, "kind", err.message);
        return 0;
    }
    if (f[COL_CONFIDENCE] && f[COL_CONFIDENCE][0]) {
        char *end;
        long v = strtol(f[COL_CONFIDENCE], &end, 10);
        if (*end != '\0' || v < 0 || v > 100) {
            snprintf(msg, sizeof msg, "expected 0..100, got '%.40s'", f[COL_CONFIDENCE]);
            reject(im, line, "confidence", msg);
            return 0;
        }
        r.confidence = (int)v;
    }
    if (f[COL_EXPIRES] && f[COL_EXPIRES][0] && parse_time(f[COL_EXPIRES], &r.expires) != 0) {
        snprintf(msg, sizeof msg, "expected unix seconds or YYYY-MM-DDTHH:MM:SSZ, got '%.40s'",
                 f[COL_EXPIRES]);
        reject(im, line, "expires", msg);
        return 0;
    }
    r.value = mm_arena_strdup(im->arena, f[COL_VALUE]);
    r.category = mm_arena_strdup(im->arena, f[COL_CATEGORY]);
    r.status = f[COL_STATUS] && f[COL_STATUS][0] ? mm_arena_strdup(im->arena, f[COL_STATUS]) : NULL;
    r.distribution = f[COL_DISTRIBUTION] && f[COL_DISTRIBUTION][0]
                         ? mm_arena_strdup(im->arena, f[COL_DISTRIBUTION])
                         : NULL;
    r.evidence = f[COL_EVIDENCE] && f[COL_EVIDENCE][0] ? mm_arena_strdup(im->arena, f[COL_EVIDENCE])
                                                       : NULL;
    r.org_id = im->org_id;
    im->rows[im->n] = r;
    im->lines[im->n] = line;
    im->n++;
    return im->n == im->batch_cap ? flush(im) : 0;
}

static int import_jsonl_line(importer *im, long line, const char *text, size_t len)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, 0, &je);
    if (j == NULL || !json_is_object(j)) {
        char msg[300];
        snprintf(msg, sizeof msg, "not a JSON object: %s", j ? "wrong type" : je.text);
        reject(im, line, "line", msg);
        json_decref(j);
        return 0;
    }
    const char *f[COL__COUNT] = {0};
    char numbuf[2][32];
    for (int c = 0; c < COL__COUNT; c++) {
        json_t *v = json_object_get(j, col_names[c]);
        if (v == NULL || json_is_null(v))
            continue;
        if (json_is_string(v)) {
            f[c] = json_string_value(v);
        } else if (json_is_integer(v) && (c == COL_CONFIDENCE || c == COL_EXPIRES)) {
            snprintf(numbuf[c == COL_EXPIRES], 32, "%lld", (long long)json_integer_value(v));
            f[c] = numbuf[c == COL_EXPIRES];
        } else {
            reject(im, line, col_names[c], "has the wrong JSON type");
            json_decref(j);
            return 0;
        }
    }
    int rc = add_row(im, line, f); /* add_row copies the strings into the arena */
    json_decref(j);
    return rc;
}

static int run_import(importer *im, FILE *f, bool csv)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, rec_line = 0;
    int colmap[32];
    int ncols = 0, rc = 0;
    mm_buf rec = {0};
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!csv) {
            if (len > 0)
                rc = import_jsonl_line(im, lineno, line, (size_t)len);
            continue;
        }
        if (rec.len == 0)
            rec_line = lineno;
        else
            mm_buf_putc(&rec, '\n');
        mm_buf_append(&rec, line, (size_t)len);
        if (!mm_ingest_csv_complete(rec.data))
            continue;
        char *fields[32];
        int nf = rec.len ? mm_ingest_csv_split(rec.data, fields, 32) : 0;
        if (nf < 0) {
            if (ncols == 0) {
                fprintf(stderr, "mamoru import: line %ld: malformed CSV header\n", rec_line);
                rc = EXIT_USAGE;
            } else {
                reject(im, rec_line, "line", "malformed CSV (quotes or more than 32 columns)");
            }
        } else if (nf > 0 && ncols == 0) {
            ncols = nf;
            for (int i = 0; i < nf && rc == 0; i++) {
                colmap[i] = -1;
                for (int c = 0; c < COL__COUNT; c++)
                    if (strcmp(fields[i], col_names[c]) == 0)
                        colmap[i] = c;
                if (colmap[i] < 0) {
                    fprintf(stderr,
                            "mamoru import: line %ld: unknown column '%s' (expected kind, value, "
                            "category, status, confidence, distribution, evidence, expires)\n",
                            rec_line, fields[i]);
                    rc = EXIT_USAGE;
                }
            }
        } else if (nf > 0) {
            const char *f2[COL__COUNT] = {0};
            if (nf != ncols) {
                char msg[80];
                snprintf(msg, sizeof msg, "has %d columns, header has %d", nf, ncols);
                reject(im, rec_line, "line", msg);
            } else {
                for (int i = 0; i < nf; i++)
                    f2[colmap[i]] = fields[i];
                rc = add_row(im, rec_line, f2);
            }
        }
        mm_buf_reset(&rec);
    }
    if (rc == 0 && rec.len > 0)
        reject(im, rec_line, "line", "unterminated quoted CSV field at end of file");
    if (rc == 0 && csv && ncols == 0) {
        fprintf(stderr, "mamoru import: empty CSV file (a header line is required)\n");
        rc = EXIT_USAGE;
    }
    free(line);
    mm_buf_free(&rec);
    if (rc == 0)
        rc = flush(im);
    return rc;
}

static const char *const import_opts[] = {"--format", "--org", "--batch", NULL};

int cmd_import(int argc, char **argv)
{
    if (argc > 1 && cmd_import_payments_handles(argv[1]))
        return cmd_import_payments(argc, argv);
    /* issue 3: passive DNS and phishing report lists (cmd_import_pdns.c) */
    if (argc > 1 && strcmp(argv[1], "pdns") == 0)
        return cmd_import_pdns(argc, argv);
    if (argc > 1 && strcmp(argv[1], "phish-reports") == 0)
        return cmd_import_phish_reports(argc, argv);
    cli_args a;
    const cli_command *cmd = cli_find("import");
    int rc = cli_parse(argc, argv, import_opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    if (a.common.npositional != 1) {
        fprintf(stderr, "mamoru import: expected one FILE\nusage: %s\n", cmd->usage);
        return EXIT_USAGE;
    }
    const char *path = a.common.positional[0];
    const char *fmt = cli_get(&a, "--format");
    size_t pl = strlen(path);
    if (fmt == NULL)
        fmt = pl > 4 && strcmp(path + pl - 4, ".csv") == 0 ? "csv" : "jsonl";
    if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "jsonl") != 0) {
        fprintf(stderr, "mamoru import: --format: expected csv or jsonl, got '%s'\n", fmt);
        return EXIT_USAGE;
    }
    long long batch = cli_int_opt(&a, "--batch", 1, 100000);
    if (batch == -1)
        return EXIT_USAGE;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return EXIT_USAGE;
    }
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes))) {
        if (f != stdin)
            fclose(f);
        return rc;
    }
    importer im = {.store = s, .arena = mm_arena_new(1 << 20), .batch_cap = batch > 0 ? (size_t)batch : 5000};
    im.rows = calloc(im.batch_cap, sizeof *im.rows);
    im.lines = calloc(im.batch_cap, sizeof *im.lines);
    mm_arena *org_arena = mm_arena_new(0);
    rc = cli_resolve_org(s, cli_get(&a, "--org"), org_arena, &im.org_id);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (rc == 0)
        rc = run_import(&im, f, strcmp(fmt, "csv") == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("import %s: %ld new, %ld sightings, %ld rejected (%.2f s)\n", path, im.created,
           im.sighted, im.rejected, secs);
    if (rc == 0 && im.rejected > 0)
        rc = EXIT_USAGE;
    if (f != stdin)
        fclose(f);
    free(im.rows);
    free(im.lines);
    mm_arena_free(im.arena);
    mm_arena_free(org_arena);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
