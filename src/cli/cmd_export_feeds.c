/*
 * cmd_export_feeds.c — `mamoru export rpz|hosts|csv|stix|hashprefix`: the
 * feeds for filtering vendors and DNS resolvers, written from the store.
 *
 * `mamoru export` (cmd_export.c) hands over here when its first argument
 * names a feed format; its own csv/jsonl dumps are untouched. The store is
 * read page by page; csv and stix are streamed, the complete-list formats
 * go through an mm_feed_set (sorted, de-duplicated). --out writes a
 * temporary file and renames it, so a resolver never reads half a zone.
 * The cursor is read before the first page and printed as "cursor: U.X"
 * on stderr (and to --cursor-out FILE); as --since it gives csv/stix
 * deltas, and for rpz/hosts/hashprefix says whether anything changed —
 * when nothing did, no file is written and the exit status is 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "mamoru/feeds.h"

static const cli_command feed_cmd = {
    "export", "export a feed",
    "mamoru export rpz|hosts|csv|stix|hashprefix [--db PATH] [--since CURSOR] [--out FILE]\n"
    "              [--cursor-out FILE] [--zone NAME] [--ttl SECONDS] [--encoding hex|binary]\n"
    "  Only public url/domain/ip indicators that are confirmed or actioned and not expired.\n"
    "  rpz: response policy zone (NXDOMAIN) for unbound/BIND/Knot, zone " MM_FEED_RPZ_ZONE "\n"
    "  hosts: \"0.0.0.0 host\" lines   csv, stix: full list, or a delta with --since\n"
    "  hashprefix: SHA-256 of each Safe Browsing expression, first 4 bytes, sorted (hex lines\n"
    "  by default; --encoding binary: 4 raw big-endian bytes each)\n"
    "  The next cursor is printed on stderr as \"cursor: U.X\".",
    cmd_export_feed};

static const char *const feed_opts[] = {"--since", "--out",        "--zone",
                                        "--ttl",   "--cursor-out", "--encoding", NULL};

static int write_all(FILE *f, const mm_buf *b)
{
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        return -1;
    return 0;
}

/* Write text to path (small files: the cursor). */
static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    int ok = fputs(text, f) >= 0;
    ok = (fclose(f) == 0) && ok;
    return ok ? 0 : -1;
}

int cmd_export_feed(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse(argc, argv, feed_opts, NULL, &a, &feed_cmd);
    if (rc || a.help)
        return rc;
    mm_error err = {0};
    mm_feed_format fmt;
    if (a.common.npositional != 1) {
        fprintf(stderr, "mamoru export: expected one feed format\nusage: %s\n", feed_cmd.usage);
        return EXIT_USAGE;
    }
    mm_status st = mm_feed_format_parse(a.common.positional[0], &fmt, &err);
    if (st != MM_OK)
        return cli_fail(&err, st);
    mm_feed_cursor since = {0};
    bool have_since = cli_get(&a, "--since") != NULL;
    if (have_since && (st = mm_feed_cursor_parse(cli_get(&a, "--since"), "since", &since, &err)) !=
                          MM_OK)
        return cli_fail(&err, st);
    bool hex = true;
    const char *enc = cli_get(&a, "--encoding");
    if (enc) {
        if (fmt != MM_FEED_HASHPREFIX || (strcmp(enc, "hex") != 0 && strcmp(enc, "binary") != 0)) {
            fprintf(stderr, "mamoru: encoding: '%s' is not valid here (hashprefix takes hex or "
                            "binary)\n",
                    enc);
            return EXIT_USAGE;
        }
        hex = strcmp(enc, "hex") == 0;
    }
    long long ttl = cli_int_opt(&a, "--ttl", 1, 604800);
    if (ttl == -1)
        return EXIT_USAGE;
    const char *zone = cli_get(&a, "--zone");
    if (zone && (strlen(zone) == 0 || strlen(zone) > 200 || strspn(zone, "abcdefghijklmnopqrstuvwxyz"
                                                                          "0123456789-._") !=
                                                                   strlen(zone))) {
        fprintf(stderr, "mamoru: zone: '%s' is not a zone name ([a-z0-9-._], 1..200)\n", zone);
        return EXIT_USAGE;
    }
    const char *out_path = cli_get(&a, "--out");

    cli_config cfg;
    mm_store *s = NULL;
    mm_zengin *codes = NULL;
    if ((rc = cli_load_config(&a.common, &cfg)) || (rc = cli_open_store(&cfg, &s, &codes)))
        return rc;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t now = (int64_t)time(NULL);
    mm_feed_cursor cursor;
    char curtxt[48], since_txt[48];
    if ((st = mm_store_feed_cursor(s, MM_FEED_KINDS_ALL, now, &cursor, &err)) != MM_OK) {
        rc = cli_fail(&err, st);
        goto done;
    }
    mm_feed_cursor_format(&cursor, curtxt);
    mm_feed_cursor_format(&since, since_txt);
    bool delta = have_since && mm_feed_format_is_delta(fmt);
    if (have_since && !delta) {
        bool changed = true;
        if ((st = mm_store_feed_changed(s, MM_FEED_KINDS_ALL, &since, now, &changed, &err)) !=
            MM_OK) {
            rc = cli_fail(&err, st);
            goto done;
        }
        if (!changed) {
            fprintf(stderr, "export %s: unchanged since %s; nothing written\ncursor: %s\n",
                    mm_feed_format_name(fmt), since_txt, curtxt);
            if (cli_get(&a, "--cursor-out") && write_text(cli_get(&a, "--cursor-out"), curtxt))
                rc = EXIT_FAIL;
            goto done;
        }
    }

    char tmp_path[1100] = "";
    FILE *out = stdout;
    if (out_path) {
        snprintf(tmp_path, sizeof tmp_path, "%s.tmp.%ld", out_path, (long)getpid());
        if ((out = fopen(tmp_path, "wb")) == NULL) {
            fprintf(stderr, "mamoru: out: cannot create '%s': %s\n", tmp_path, strerror(errno));
            rc = EXIT_USAGE;
            goto done;
        }
    }
    mm_feed_opts o = {.now = now,
                      .cursor = cursor,
                      .delta = delta,
                      .since = since,
                      .zone = zone,
                      .ttl = ttl > 0 ? (int)ttl : 0};
    mm_feed_query q = {.kinds = MM_FEED_KINDS_ALL,
                       .delta = delta,
                       .since = since,
                       .now = now,
                       .limit = 5000};
    mm_feed_set *set = mm_feed_format_is_delta(fmt) ? NULL : mm_feed_set_new();
    mm_arena *ar = mm_arena_new(1 << 20);
    mm_buf b = {0};
    long rows = 0;
    bool io_fail = false;
    if (ar == NULL || (!mm_feed_format_is_delta(fmt) && set == NULL)) {
        fprintf(stderr, "mamoru export: out of memory\n");
        rc = EXIT_FAIL;
        goto close;
    }
    if (fmt == MM_FEED_CSV)
        st = mm_feed_csv_header(&b);
    else if (fmt == MM_FEED_STIX)
        st = mm_feed_stix_begin(&o, &b);
    for (;;) {
        mm_indicator *items = NULL;
        size_t n = 0;
        int64_t next = 0;
        if (st == MM_OK)
            st = mm_store_feed_list(s, &q, ar, &items, &n, &next, &err);
        if (st != MM_OK)
            break;
        if (fmt == MM_FEED_CSV)
            st = mm_feed_csv_rows(items, n, &o, &b);
        else if (fmt == MM_FEED_STIX)
            st = mm_feed_stix_objects(items, n, &o, &b);
        else
            st = mm_feed_set_add(set, items, n, now);
        rows += (long)n;
        if (write_all(out, &b))
            io_fail = true;
        mm_buf_reset(&b);
        mm_arena_reset(ar);
        if (st != MM_OK || io_fail || next == 0)
            break;
        q.after_id = next;
    }
    if (st == MM_OK && !io_fail) {
        switch (fmt) {
        case MM_FEED_CSV: break;
        case MM_FEED_STIX: st = mm_feed_stix_end(&b); break;
        case MM_FEED_RPZ: st = mm_feed_rpz(set, &o, &b); break;
        case MM_FEED_HOSTS: st = mm_feed_hosts(set, &o, &b); break;
        case MM_FEED_HASHPREFIX: st = mm_feed_hashprefix(set, hex, &b); break;
        default: break;
        }
        if (st == MM_OK && write_all(out, &b))
            io_fail = true;
    }
    if (st != MM_OK) {
        if (err.message[0] == '\0')
            mm_error_set(&err, st, "export", "%s", mm_status_name(st));
        rc = cli_fail(&err, st);
    }
close:
    if (fflush(out) != 0 || io_fail)
        io_fail = true;
    if (out != stdout && fclose(out) != 0)
        io_fail = true;
    if (io_fail && rc == 0) {
        fprintf(stderr, "mamoru export: write failed: %s\n", strerror(errno));
        rc = EXIT_FAIL;
    }
    if (out_path) {
        if (rc == 0 && rename(tmp_path, out_path) != 0) {
            fprintf(stderr, "mamoru: out: cannot rename to '%s': %s\n", out_path,
                        strerror(errno));
            rc = EXIT_FAIL;
        }
        if (rc != 0)
            unlink(tmp_path);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc == 0) {
        double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (set)
            fprintf(stderr,
                    "export %s: %ld indicators read, %zu names, %zu prefixes, %zu skipped "
                    "(%.2f s)\n",
                    mm_feed_format_name(fmt), rows, mm_feed_set_names(set),
                    mm_feed_set_prefixes(set), mm_feed_set_skipped(set), secs);
        else
            fprintf(stderr, "export %s: %ld indicators%s (%.2f s)\n", mm_feed_format_name(fmt),
                    rows, delta ? " changed since the cursor" : "", secs);
        fprintf(stderr, "cursor: %s\n", curtxt);
        if (cli_get(&a, "--cursor-out") && write_text(cli_get(&a, "--cursor-out"), curtxt)) {
            fprintf(stderr, "mamoru: cursor-out: cannot write '%s'\n", cli_get(&a, "--cursor-out"));
            rc = EXIT_FAIL;
        }
    }
    mm_buf_free(&b);
    mm_arena_free(ar);
    mm_feed_set_free(set);
done:
    mm_store_close(s);
    mm_zengin_free(codes);
    return rc;
}
