/*
 * cmd_import_payments.c — `mamoru import payments|zengin|dic FILE`: payment
 * events from JSONL, a Zengin 総合振込 file, and the DIC frozen-account
 * notices, into the store.
 *
 * Reached from cmd_import (its first positional names the format). Bad
 * records are reported on stderr with their line or record number and the
 * field, and skipped; good ones are stored in batches (one transaction
 * each). Event ids already stored are counted, not rejected, so a file
 * can be imported again after an interruption.
 *
 * Exit codes: payments and dic follow `mamoru import` (0 all kept, 2 some
 * rejected); zengin exits 0 whenever the file could be read as a Zengin
 * file (its rejected records are listed) and 2 only when the file as a
 * whole is unusable, as the issue asks.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "mamoru/ingest_payment.h"

#define BATCH 5000

typedef struct sink {
    mm_store *store;
    mm_payment *ev;
    long *where; /* line or record number per event */
    size_t n;
    long kept, duplicate, rejected;
    const char *unit; /* "line" or "record" */
} sink;

static int sink_flush(sink *k)
{
    if (k->n == 0)
        return 0;
    mm_status *codes = calloc(k->n, sizeof *codes);
    mm_error *errs = calloc(k->n, sizeof *errs);
    mm_error err = {0};
    if (codes == NULL || errs == NULL) {
        free(codes);
        free(errs);
        fprintf(stderr, "mamoru import: out of memory\n");
        return EXIT_FAIL;
    }
    mm_status st = mm_store_payment_add_batch(k->store, k->ev, k->n, codes, errs, &err);
    if (st != MM_OK) {
        fprintf(stderr, "mamoru import: batch at %s %ld not written: %s\n", k->unit, k->where[0],
                err.message);
        free(codes);
        free(errs);
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < k->n; i++) {
        if (codes[i] == MM_OK) {
            k->kept++;
        } else if (codes[i] == MM_EEXIST) {
            k->duplicate++;
        } else {
            k->rejected++;
            fprintf(stderr, "%s %ld: %s: %s\n", k->unit, k->where[i], errs[i].field,
                    errs[i].message);
        }
    }
    k->n = 0;
    free(codes);
    free(errs);
    return 0;
}

static int sink_init(sink *k, mm_store *s, const char *unit)
{
    memset(k, 0, sizeof *k);
    k->store = s;
    k->unit = unit;
    k->ev = calloc(BATCH, sizeof *k->ev);
    k->where = calloc(BATCH, sizeof *k->where);
    if (k->ev == NULL || k->where == NULL) {
        fprintf(stderr, "mamoru import: out of memory\n");
        return EXIT_FAIL;
    }
    return 0;
}

static void sink_free(sink *k)
{
    free(k->ev);
    free(k->where);
}

/* ---- payments JSONL ---------------------------------------------------------- */

static int import_payments(const cli_args *a, mm_store *s, const mm_zengin *codes, const char *path)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return EXIT_USAGE;
    }
    sink k;
    int rc = sink_init(&k, s, "line");
    mm_arena *ar = mm_arena_new(1 << 20);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        mm_error e = {0};
        if (mm_payment_parse(line, (size_t)len, codes, ar, &k.ev[k.n], &e) != MM_OK) {
            k.rejected++;
            fprintf(stderr, "line %ld: %s: %s\n", lineno, e.field, e.message);
            continue;
        }
        k.where[k.n++] = lineno;
        if (k.n == BATCH) {
            rc = sink_flush(&k);
            mm_arena_reset(ar);
        }
    }
    if (rc == 0)
        rc = sink_flush(&k);
    printf("import payments %s: %ld kept, %ld already stored, %ld rejected\n", path, k.kept,
           k.duplicate, k.rejected);
    if (rc == 0 && k.rejected > 0)
        rc = EXIT_USAGE;
    free(line);
    if (f != stdin)
        fclose(f);
    mm_arena_free(ar);
    sink_free(&k);
    (void)a;
    return rc;
}

/* ---- Zengin ---------------------------------------------------------------------- */

static int import_zengin(const cli_args *a, mm_store *s, const mm_zengin *codes, const char *path)
{
    int64_t ref = (int64_t)time(NULL);
    const char *rd = cli_get(a, "--ref-date");
    mm_error e = {0};
    if (rd && mm_time_parse_rfc3339(rd, "--ref-date", &ref, &e) != MM_OK)
        return cli_fail(&e, MM_EINVAL);
    size_t len = 0;
    char *buf = cli_read_file(path, &len);
    if (buf == NULL)
        return EXIT_USAGE;
    /* ids from the file's hash: importing the same file twice stores nothing new */
    char prefix[40];
    const char *pf = cli_get(a, "--id-prefix");
    if (pf == NULL) {
        char h[65];
        mm_sha256_hex(buf, len, h);
        snprintf(prefix, sizeof prefix, "zengin-%.16s", h);
        pf = prefix;
    }
    mm_arena *ar = mm_arena_new(1 << 22);
    mm_zengin_file zf;
    mm_status st = mm_zengin_file_parse(buf, len, codes, ar, &zf, &e);
    int rc = 0;
    if (st != MM_OK) {
        fprintf(stderr, "mamoru import zengin: %s: file unusable: %s: %s\n", path, e.field,
                e.message);
        rc = st == MM_EINVAL ? EXIT_USAGE : EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < zf.nissues; i++) {
        if (zf.issues[i].recno)
            fprintf(stderr, "record %ld: %s: %s\n", zf.issues[i].recno, zf.issues[i].field,
                    zf.issues[i].message);
        else
            fprintf(stderr, "file: %s: %s\n", zf.issues[i].field, zf.issues[i].message);
    }
    sink k;
    if ((rc = sink_init(&k, s, "record")) == 0) {
        for (size_t i = 0; i < zf.nrecords && rc == 0; i++) {
            if (mm_zengin_record_payment(&zf, &zf.records[i], pf, ref, ar, &k.ev[k.n], &e) !=
                MM_OK) {
                k.rejected++;
                fprintf(stderr, "record %ld: %s: %s\n", zf.records[i].recno, e.field, e.message);
                continue;
            }
            if (k.ev[k.n].from.account == NULL) {
                k.rejected++;
                fprintf(stderr, "record %ld: header: the header's account is invalid\n",
                        zf.records[i].recno);
                continue;
            }
            k.where[k.n++] = zf.records[i].recno;
            if (k.n == BATCH)
                rc = sink_flush(&k);
        }
        if (rc == 0)
            rc = sink_flush(&k);
        printf("import zengin %s: %ld records kept, %ld already stored, %ld rejected "
               "(%ld records in %zu batch(es))\n",
               path, k.kept, k.duplicate, k.rejected + zf.rejected, zf.nrecords_total, zf.nheaders);
    }
    sink_free(&k);
out:
    mm_arena_free(ar);
    free(buf);
    return rc;
}

/* ---- DIC frozen-account notices ------------------------------------------------ */

static int import_dic(const cli_args *a, mm_store *s, const mm_zengin *codes, const char *path)
{
    size_t len = 0;
    char *buf = cli_read_file(path, &len);
    if (buf == NULL)
        return EXIT_USAGE;
    mm_arena *ar = mm_arena_new(1 << 20);
    mm_arena *row = mm_arena_new(0);
    mm_dic_record *recs;
    mm_dic_issue *iss;
    size_t n, ni;
    mm_error e = {0};
    int64_t org = 0;
    int rc = cli_resolve_org(s, cli_get(a, "--org"), row, &org);
    if (rc)
        goto out;
    mm_status st = mm_dic_parse(buf, len, codes, ar, &recs, &n, &iss, &ni, &e);
    if (st != MM_OK) {
        fprintf(stderr, "mamoru import dic: %s: file unusable: %s: %s\n", path, e.field, e.message);
        rc = st == MM_EINVAL ? EXIT_USAGE : EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < ni; i++)
        fprintf(stderr, "line %ld: %s: %s\n", iss[i].line, iss[i].field, iss[i].message);
    long listed = 0, retracted = 0, norecord = 0, dup = 0, edges = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        mm_dic_outcome o;
        mm_arena_reset(row);
        st = mm_dic_apply(s, org, &recs[i], row, &o, &e);
        if (st != MM_OK) {
            failed++;
            fprintf(stderr, "line %ld: %s: %s\n", recs[i].line, e.field, e.message);
            if (st != MM_EINVAL && st != MM_ECONFLICT) {
                rc = EXIT_FAIL;
                break;
            }
            continue;
        }
        dup += o.duplicate;
        listed += o.listed;
        retracted += o.retracted;
        norecord += o.nothing_to_retract;
        edges += o.edges;
        if (o.nothing_to_retract)
            fprintf(stderr, "line %ld: notice: %s retracts %s, which is not listed\n", recs[i].line,
                    mm_dic_notice_name(recs[i].notice), recs[i].account);
    }
    printf("import dic %s: %ld accounts listed, %ld retracted, %ld upstream edges, %ld already "
           "applied, %ld rejected\n",
           path, listed, retracted, edges, dup, (long)ni + failed);
    if (rc == 0 && ni + (size_t)failed > 0)
        rc = EXIT_USAGE;
    (void)norecord;
out:
    mm_arena_free(ar);
    mm_arena_free(row);
    free(buf);
    return rc;
}

/* ---- entry --------------------------------------------------------------------- */

static const cli_command sub[] = {
    {"payments", "payment events, one JSON object a line",
     "mamoru import payments FILE.jsonl [--db PATH]   (FILE '-' is stdin)", NULL},
    {"zengin", "a Zengin 総合振込 fixed-length file (Shift_JIS, 120-byte records)",
     "mamoru import zengin FILE [--ref-date YYYY-MM-DD] [--id-prefix P] [--db PATH]\n"
     "  prints the records kept and each rejected record with its number and field;\n"
     "  exit 2 only when the file as a whole is unusable",
     NULL},
    {"dic", "DIC frozen-account notices (振り込め詐欺救済法 公告), TSV or JSONL",
     "mamoru import dic FILE [--org NAME] [--db PATH]\n"
     "  columns: record_no notice bank_code bank_name branch_code branch_name account_type\n"
     "           account_number holder amount suspended published transfer_month upstream\n"
     "  (docs/payments.md); freezing notices list the account (frozen_account, actioned),\n"
     "  upstream accounts become graph edges, 犯罪利用預金口座等でない retracts",
     NULL},
    {NULL, NULL, NULL, NULL},
};

bool cmd_import_payments_handles(const char *format)
{
    for (const cli_command *c = sub; c->name; c++)
        if (strcmp(c->name, format) == 0)
            return true;
    return false;
}

int cmd_import_payments(int argc, char **argv)
{
    static const char *const opts[] = {"--ref-date", "--id-prefix", "--org", NULL};
    const cli_command *cmd = NULL;
    for (const cli_command *c = sub; c->name; c++)
        if (argc > 1 && strcmp(c->name, argv[1]) == 0)
            cmd = c;
    if (cmd == NULL)
        return EXIT_USAGE;
    cli_args a;
    int rc = cli_parse(argc - 1, argv + 1, opts, NULL, &a, cmd);
    if (rc || a.help)
        return rc;
    if (a.common.npositional != 1) {
        fprintf(stderr, "mamoru import %s: expected one FILE\nusage: %s\n", cmd->name, cmd->usage);
        return EXIT_USAGE;
    }
    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    const char *path = a.common.positional[0];
    if (strcmp(cmd->name, "payments") == 0)
        rc = import_payments(&a, s, codes, path);
    else if (strcmp(cmd->name, "zengin") == 0)
        rc = import_zengin(&a, s, codes, path);
    else
        rc = import_dic(&a, s, codes, path);
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
