/* Tests for the Zengin 総合振込 reader (src/ingest/zengin.c): byte-exact
 * records built here field by field, half-width kana in Shift_JIS decoded
 * to UTF-8, CRLF / LF / no separators, and every kind of defect reported
 * with its record number and field while the good records are kept:
 * bad record type, bad length, non-digit N fields, bad account type,
 * non-Shift_JIS bytes, trailer count and total mismatches, a missing end
 * record, and whole-file failures (not a header, EBCDIC). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "mamoru/ingest_payment.h"

/* Put s (bytes) at 1-based position pos of rec. */
static void put(char *rec, int pos, const char *s)
{
    memcpy(rec + pos - 1, s, strlen(s));
}

static void header(char *r, const char *date)
{
    memset(r, ' ', 120);
    put(r, 1, "1");
    put(r, 2, "21");
    put(r, 4, "0");
    put(r, 5, "0000012345");
    /* ｶ)ﾃｽﾄｼｮｳｼﾞ in half-width kana (Shift_JIS single bytes) */
    put(r, 15, "\xB6)\xC3\xBD\xC4\xBC\xAE\xB3\xBC\xDE");
    put(r, 55, date);
    put(r, 59, "0001");
    put(r, 63, "\xD0\xBD\xDE\xCE"); /* ﾐｽﾞﾎ */
    put(r, 78, "001");
    put(r, 96, "1");
    put(r, 97, "1234567");
}

static void data(char *r, const char *bank, const char *branch, char type, const char *number,
                 const char *name, const char *amount)
{
    memset(r, ' ', 120);
    put(r, 1, "2");
    put(r, 2, bank);
    put(r, 21, branch);
    put(r, 39, "0000");
    r[42] = type;
    put(r, 44, number);
    put(r, 51, name);
    put(r, 81, amount);
    put(r, 91, "0");
}

static void trailer(char *r, const char *count, const char *total)
{
    memset(r, ' ', 120);
    put(r, 1, "8");
    put(r, 2, count);
    put(r, 8, total);
}

static void end(char *r)
{
    memset(r, ' ', 120);
    put(r, 1, "9");
}

/* Join records with sep into buf; returns the length. */
static size_t join(char *buf, char recs[][120], int n, const char *sep)
{
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        memcpy(buf + k, recs[i], 120);
        k += 120;
        memcpy(buf + k, sep, strlen(sep));
        k += strlen(sep);
    }
    return k;
}

/* ﾔﾏﾀﾞ ﾀﾛｳ */
#define YAMADA "\xD4\xCF\xC0\xDE \xC0\xDB\xB3"

Test(ingest_zengin, good_file_all_separators_and_kana_decoded)
{
    static const char *const seps[] = {"\r\n", "\n", ""};
    for (int s = 0; s < 3; s++) {
        char recs[5][120];
        header(recs[0], "0605");
        data(recs[1], "0005", "002", '1', "7654321", YAMADA, "0000150000");
        data(recs[2], "0009", "100", '2', "0000001", "\xB6)\xB4\xB0\xBD\xDE\xB2", "0000009999");
        trailer(recs[3], "000002", "000000159999");
        end(recs[4]);
        char buf[1024];
        size_t len = join(buf, recs, 5, seps[s]);
        mm_arena *a = mm_arena_new(0);
        mm_zengin_file f;
        mm_error e;
        cr_assert_eq(mm_zengin_file_parse(buf, len, NULL, a, &f, &e), MM_OK, "%s", e.message);
        cr_assert_eq(f.record_len, 120 + (int)strlen(seps[s]));
        cr_assert_eq(f.nissues, 0, "sep %d: %s", s, f.nissues ? f.issues[0].message : "");
        cr_assert_eq(f.nrecords, 2);
        cr_assert_eq(f.nheaders, 1);
        cr_assert_str_eq(f.headers[0].requester, "ｶ)ﾃｽﾄｼｮｳｼﾞ");
        cr_assert_str_eq(f.headers[0].account, "0001-001-1-1234567");
        cr_assert_eq(f.headers[0].month, 6);
        cr_assert_eq(f.headers[0].day, 5);
        cr_assert_str_eq(f.records[0].payee, "ﾔﾏﾀﾞ ﾀﾛｳ");
        cr_assert_str_eq(f.records[0].account, "0005-002-1-7654321");
        cr_assert_eq(f.records[0].amount, 150000);
        cr_assert_str_eq(f.records[1].payee, "ｶ)ｴｰｽﾞｲ");
        cr_assert_str_eq(f.records[1].account, "0009-100-2-0000001");
        cr_assert_eq(f.records[1].recno, 3);
        /* as a transfer event */
        mm_payment p;
        /* reference: 2025-05-20 → June 5 of 2025 (nearest; the file has no year) */
        cr_assert_eq(mm_zengin_record_payment(&f, &f.records[0], "up1", 1747699200, a, &p, &e),
                     MM_OK);
        cr_assert_str_eq(p.id, "up1:2");
        cr_assert_eq(p.time, 1749081600); /* 2025-06-05T00:00:00Z = 09:00 JST */
        cr_assert_str_eq(p.from.account, "0001-001-1-1234567");
        cr_assert_str_eq(p.to.account, "0005-002-1-7654321");
        cr_assert_str_eq(p.to.name, "ﾔﾏﾀﾞ ﾀﾛｳ");
        cr_assert_eq(p.amount, 150000);
        mm_arena_free(a);
    }
}

Test(ingest_zengin, bad_records_named_by_number_and_field_good_ones_kept)
{
    char recs[10][120];
    header(recs[0], "1231");
    data(recs[1], "0005", "002", '1', "7654321", YAMADA, "0000010000");         /* 2 good */
    data(recs[2], "0005", "002", '1', "76543X1", YAMADA, "0000010000");         /* 3 number */
    data(recs[3], "0005", "002", '3', "7654321", YAMADA, "0000010000");         /* 4 type */
    data(recs[4], "0005", "002", '1', "7654321", YAMADA, "00000100O0");         /* 5 amount */
    data(recs[5], "0005", "002", '1', "7654321", "\x82\xA0\x82", "0000010000"); /* 6 SJIS */
    data(recs[6], "0005", "002", '1', "7654321", "", "0000010000");             /* 7 blank name */
    memset(recs[7], ' ', 120);
    put(recs[7], 1, "5");                       /* 8 unknown record type */
    trailer(recs[8], "000007", "000000070000"); /* count 6 data records, total 50000+?  */
    end(recs[9]);
    char buf[2048];
    size_t len = join(buf, recs, 10, "\r\n");
    mm_arena *a = mm_arena_new(0);
    mm_zengin_file f;
    mm_error e;
    cr_assert_eq(mm_zengin_file_parse(buf, len, NULL, a, &f, &e), MM_OK, "%s", e.message);
    cr_assert_eq(f.nrecords, 1);
    cr_assert_eq(f.records[0].recno, 2);
    cr_assert_eq(f.rejected, 5);
    static const struct {
        long recno;
        const char *field;
    } want[] = {{3, "number"},     {4, "account_type"}, {5, "amount"}, {6, "payee_name"},
                {7, "payee_name"}, {8, "record_type"},  {9, "count"},  {9, "total"}};
    cr_assert_eq(f.nissues, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < f.nissues; i++) {
        cr_assert_eq(f.issues[i].recno, want[i].recno, "issue %zu: %ld %s", i, f.issues[i].recno,
                     f.issues[i].message);
        cr_assert_str_eq(f.issues[i].field, want[i].field, "issue %zu: %s", i, f.issues[i].message);
    }
    cr_assert(strstr(f.issues[0].message, "76543X1"), "%s", f.issues[0].message);
    cr_assert(strstr(f.issues[2].message, "振込金額"), "%s", f.issues[2].message);
    cr_assert(strstr(f.issues[6].message, "says 7"), "%s", f.issues[6].message);
    /* total: the 5 records with digit amounts add 50000 */
    cr_assert(strstr(f.issues[7].message, "add up to 50000"), "%s", f.issues[7].message);
    mm_arena_free(a);
}

Test(ingest_zengin, record_length_and_structure_errors)
{
    char buf[2048];
    size_t k = 0;
    char r[120];
    header(r, "0401");
    memcpy(buf + k, r, 120), k += 120, memcpy(buf + k, "\r\n", 2), k += 2;
    data(r, "0005", "002", '1', "7654321", YAMADA, "0000010000");
    memcpy(buf + k, r, 119), k += 119, memcpy(buf + k, "\r\n", 2), k += 2; /* 2: 119 bytes */
    memcpy(buf + k, r, 120), k += 120, memcpy(buf + k, "\r\n", 2), k += 2; /* 3: good */
    trailer(r, "000002", "000000020000");
    memcpy(buf + k, r, 120), k += 120, memcpy(buf + k, "\r\n", 2), k += 2; /* 4 */
    /* no end record */
    mm_arena *a = mm_arena_new(0);
    mm_zengin_file f;
    mm_error e;
    cr_assert_eq(mm_zengin_file_parse(buf, k, NULL, a, &f, &e), MM_OK, "%s", e.message);
    cr_assert_eq(f.nrecords, 1);
    cr_assert_eq(f.nissues, 3);
    cr_assert_eq(f.issues[0].recno, 2);
    cr_assert_str_eq(f.issues[0].field, "record_length");
    cr_assert(strstr(f.issues[0].message, "119 bytes"));
    cr_assert_str_eq(f.issues[1].field, "total"); /* the short record's amount is unknown */
    cr_assert_str_eq(f.issues[2].field, "end");
    mm_arena_free(a);
}

Test(ingest_zengin, whole_file_unusable)
{
    mm_arena *a = mm_arena_new(0);
    mm_zengin_file f;
    mm_error e;
    cr_assert_eq(mm_zengin_file_parse("", 0, NULL, a, &f, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "file");
    char r[122];
    data(r, "0005", "002", '1', "7654321", YAMADA, "0000010000");
    cr_assert_eq(mm_zengin_file_parse(r, 120, NULL, a, &f, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "record_type");
    header(r, "0401");
    r[3] = '1'; /* EBCDIC */
    cr_assert_eq(mm_zengin_file_parse(r, 120, NULL, a, &f, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "code_class");
    header(r, "0401");
    r[100] = '\n'; /* a newline inside the first record */
    cr_assert_eq(mm_zengin_file_parse(r, 120, NULL, a, &f, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "record_length");
    mm_arena_free(a);
}

Test(ingest_zengin, direct_debit_reverses_direction_and_new_payee_flag)
{
    char recs[4][120];
    header(recs[0], "0110");
    put(recs[0], 2, "91");
    data(recs[1], "0005", "002", '1', "7654321", YAMADA, "0000003000");
    recs[1][90] = '1';
    trailer(recs[2], "000001", "000000003000");
    end(recs[3]);
    char buf[600];
    size_t len = join(buf, recs, 4, "");
    mm_arena *a = mm_arena_new(0);
    mm_zengin_file f;
    mm_error e;
    cr_assert_eq(mm_zengin_file_parse(buf, len, NULL, a, &f, &e), MM_OK);
    cr_assert_eq(f.nissues, 0);
    mm_payment p;
    cr_assert_eq(mm_zengin_record_payment(&f, &f.records[0], NULL, 1736000000, a, &p, &e), MM_OK);
    cr_assert_str_eq(p.from.account, "0005-002-1-7654321");
    cr_assert_str_eq(p.to.account, "0001-001-1-1234567");
    cr_assert_str_eq(p.id, "zengin:2");
    cr_assert(mm_payment_has_flag(&p, "zengin_new_payee"));
    mm_arena_free(a);
}
