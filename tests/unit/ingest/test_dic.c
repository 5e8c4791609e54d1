/* Tests for the DIC frozen-account notices (src/ingest/dic.c,
 * dic_apply.c, src/intel/store_dic.c): the site's writings (Japanese
 * notice labels, 普通預金, ★ and full-width amounts, Reiwa dates,
 * ゆうちょ 記号-番号, full-width カ）) in TSV and JSONL, bad lines named by
 * line and column, and applying notices to a store — listed and actioned,
 * upstream edges visible to mm_store_payment_scan with the flag
 * "dic_upstream", retraction to false_positive, idempotent re-import. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"

static const char tsv[] =
    "# test\n"
    "record_no\tnotice\tbank_code\tbranch_code\taccount_type\taccount_number\tholder\tamount\t"
    "suspended\tpublished\ttransfer_month\tupstream\n"
    "A-"
    "1\t債権消滅手続開始\t0005\t001\t普通預金\t9100001\tカ）サンプルショウジ\t★１，２３４，５６７\t"
    "2024-10-15\t令和7年5月1日\t\t\n"
    "A-2\tstart\t0036\t251\t当座\t9100002\tやまだ　たろう\t850,000円\t2024/11/2\t2025-05-01\t"
    "２０２４年１０月\t0005-001-1-9100001; 0009 001 普通 9100009\n"
    "A-3\t債権消滅手続開始\t9900\t\t\t12340-12345671\tド）テスト\t300000\t\t令和元年6月1日\t\t\n"
    "A-4\t差押え\t0005\t001\t普通預金\t9100004\tX\t\t\t\t\t\n"
    "A-5\tstart\t0005\t01\t普通預金\t9100005\tX\t\t\t\t\t\n"
    "A-6\tstart\t0005\t001\t普通預金\t9100006\tX\t1.5\t\t\t\t\n"
    "A-7\tstart\t0005\t001\t普通預金\t9100007\tX\t\t2024-13-01\t\t\t\n"
    "A-8\tstart\t0005\t001\t外貨預金\t9100008\tX\t\t\t\t\t\n"
    "A-9\tstart\t0005\t001\t普通預金\t9100009\tX\t\t\t\t\t12-3\n"
    "A-10\tnot_crime\t0005\t001\t1\t9100001\tカ）サンプルショウジ\n";

Test(ingest_dic, tsv_writings_and_bad_lines)
{
    mm_arena *a = mm_arena_new(0);
    mm_dic_record *r;
    mm_dic_issue *is;
    size_t n, ni;
    mm_error e;
    cr_assert_eq(mm_dic_parse(tsv, strlen(tsv), NULL, a, &r, &n, &is, &ni, &e), MM_OK, "%s",
                 e.message);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(r[0].account, "0005-001-1-9100001");
    cr_assert_eq(r[0].notice, MM_DIC_START);
    cr_assert_eq(r[0].amount, 1234567);
    cr_assert_str_eq(r[0].holder, "カ)サンプルシヨウジ"); /* small kana full size */
    cr_assert_eq(r[0].published, 1746025200);             /* 2025-05-01 00:00 JST */
    cr_assert_eq(r[0].suspended, 1728918000);
    cr_assert_str_eq(r[1].account, "0036-251-2-9100002");
    cr_assert_eq(r[1].amount, 850000);
    cr_assert_str_eq(r[1].holder, "ヤマダ タロウ");
    cr_assert_eq(r[1].transfer_month, 1727708400); /* 2024-10-01 00:00 JST */
    cr_assert_eq(r[1].nupstream, 2);
    cr_assert_str_eq(r[1].upstream[1], "0009-001-1-9100009");
    cr_assert_str_eq(r[2].account, "9900-238-1-1234567"); /* 記号 12340 → 店番 238 */
    cr_assert_eq(r[2].published, 1559314800);             /* 令和元年 = 2019 */
    static const struct {
        long line;
        const char *field;
    } want[] = {{6, "notice"},        {7, "branch_code"}, {8, "amount"}, {9, "suspended"},
                {10, "account_type"}, {11, "upstream"},   {12, "line"}};
    cr_assert_eq(ni, 7);
    for (size_t i = 0; i < ni; i++) {
        cr_assert_eq(is[i].line, want[i].line, "issue %zu: %s", i, is[i].message);
        cr_assert_str_eq(is[i].field, want[i].field, "issue %zu: %s", i, is[i].message);
    }
    cr_assert(strstr(is[6].message, "7 columns"), "%s", is[6].message); /* A-10 cut short */
    mm_arena_free(a);
}

Test(ingest_dic, jsonl_and_unusable_files)
{
    const char *j =
        "{\"record_no\":\"J-1\",\"notice\":\"犯罪利用預金口座等でない\","
        "\"bank_code\":\"0005\",\"branch_code\":\"001\",\"account_type\":\"普通預金\","
        "\"account_number\":\"9100001\",\"holder\":\"カ）サンプル\","
        "\"upstream\":[\"0005-001-1-1\"]}\n{\"record_no\":\"J-2\",\"colour\":\"red\"}\n";
    mm_arena *a = mm_arena_new(0);
    mm_dic_record *r;
    mm_dic_issue *is;
    size_t n, ni;
    mm_error e;
    cr_assert_eq(mm_dic_parse(j, strlen(j), NULL, a, &r, &n, &is, &ni, &e), MM_OK, "%s", e.message);
    cr_assert_eq(n, 1);
    cr_assert_eq(r[0].notice, MM_DIC_NOT_CRIME);
    cr_assert(mm_dic_notice_retracts(r[0].notice));
    cr_assert_eq(r[0].nupstream, 1);
    cr_assert_eq(ni, 1);
    cr_assert_eq(is[0].line, 2);
    const char *h = "record_no\tnotice\tcolour\n";
    cr_assert_eq(mm_dic_parse(h, strlen(h), NULL, a, &r, &n, &is, &ni, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "header");
    const char *h2 = "record_no\tnotice\tbank_code\n";
    cr_assert_eq(mm_dic_parse(h2, strlen(h2), NULL, a, &r, &n, &is, &ni, &e), MM_EINVAL);
    cr_assert(strstr(e.message, "account_number"), "%s", e.message);
    cr_assert_eq(mm_dic_parse("", 0, NULL, a, &r, &n, &is, &ni, &e), MM_EINVAL);
    mm_arena_free(a);
}

static int count_edges(void *ctx, const mm_payment *p)
{
    int *n = ctx;
    if (mm_payment_has_flag(p, "dic_upstream") && strcmp(p->to.account, "0036-251-2-9100002") == 0)
        (*n)++;
    return 0;
}

Test(ingest_dic, apply_lists_links_retracts_once)
{
    static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
    char path[64];
    snprintf(path, sizeof path, "/tmp/mamoru-dic-XXXXXX");
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    mm_store_config cfg = {.hmac_key = key, .hmac_key_len = sizeof key};
    mm_store *s;
    mm_error e;
    cr_assert_eq(mm_store_open(path, &cfg, &s, &e), MM_OK, "%s", e.message);
    mm_arena *a = mm_arena_new(0);
    mm_org org;
    char *k;
    cr_assert_eq(mm_org_add(s, "DIC importer", MM_ROLE_ANALYST, a, &org, &k, &e), MM_OK);
    mm_dic_record *r;
    mm_dic_issue *is;
    size_t n, ni;
    cr_assert_eq(mm_dic_parse(tsv, strlen(tsv), NULL, a, &r, &n, &is, &ni, &e), MM_OK);
    const char *retract = "record_no\tnotice\tbank_code\tbranch_code\taccount_number\tholder\n"
                          "A-10\t犯罪利用預金口座等でない\t0005\t001\t9100001\tカ）サンプル\n"
                          "A-11\tnot_crime\t0005\t001\t7777777\tX\n";
    mm_dic_record *rr;
    size_t nr;
    cr_assert_eq(mm_dic_parse(retract, strlen(retract), NULL, a, &rr, &nr, &is, &ni, &e), MM_OK);
    cr_assert_eq(nr, 2);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            mm_dic_outcome o;
            cr_assert_eq(mm_dic_apply(s, org.id, &r[i], a, &o, &e), MM_OK, "%s", e.message);
            cr_assert_eq(o.duplicate, pass == 1);
            cr_assert_eq(o.listed, pass == 0);
            if (pass == 0)
                cr_assert_eq(o.edges, r[i].nupstream);
        }
    }
    mm_indicator ind;
    cr_assert_eq(mm_store_lookup(s, MM_KIND_BANK_ACCOUNT, "0005-001-1-9100001", a, &ind, &e),
                 MM_OK);
    cr_assert_eq(ind.status, MM_IND_ACTIONED);
    cr_assert_str_eq(ind.category, "frozen_account");
    cr_assert_not_null(ind.holder_hash);
    int edges = 0;
    cr_assert_eq(mm_store_payment_scan(s, 0, count_edges, &edges, &e), MM_OK);
    cr_assert_eq(edges, 2);
    mm_dic_outcome o;
    cr_assert_eq(mm_dic_apply(s, org.id, &rr[0], a, &o, &e), MM_OK, "%s", e.message);
    cr_assert(o.retracted);
    cr_assert_eq(mm_store_lookup(s, MM_KIND_BANK_ACCOUNT, "0005-001-1-9100001", a, &ind, &e),
                 MM_OK);
    cr_assert_eq(ind.status, MM_IND_FALSE_POSITIVE);
    cr_assert_eq(mm_dic_apply(s, org.id, &rr[1], a, &o, &e), MM_OK);
    cr_assert(o.nothing_to_retract);
    mm_audit_result res;
    cr_assert_eq(mm_audit_verify(s, &res, &e), MM_OK);
    mm_arena_free(a);
    mm_store_close(s);
    char p2[96];
    unlink(path);
    snprintf(p2, sizeof p2, "%s-wal", path);
    unlink(p2);
    snprintf(p2, sizeof p2, "%s-shm", path);
    unlink(p2);
}
