/*
 * bench_norm.c — normaliser throughput (ops/s, one core) per kind.
 *
 * Baseline in the same run: utf8proc's plain NFKC of the same inputs — the
 * least any Unicode-aware normaliser must do — so the table shows what the
 * kind-specific parsing, checking and canonicalisation cost on top of it.
 *   build/bench/bench_norm [seconds-per-row]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "mamoru/norm.h"

typedef struct bench_case {
    mm_kind kind;
    const char *inputs[4];
} bench_case;

static const bench_case cases[] = {
    {MM_KIND_PHONE, {"090-1234-5678", "０９０１２３４５６７８", "+81 (3) 1234-5678", "0033-010-1-212-555-0100"}},
    {MM_KIND_URL, {"HTTP://www.Example.COM/a/./b/../c?x=1#f", "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
                   "https://sgw-redeliv.example/a1", "example.test//foo/bar/"}},
    {MM_KIND_DOMAIN, {"SGW-Redeliv.Example.", "ヤマト運輸.jp", "mail.google.co.jp", "xn--eckwd4c7c.xn--zckzah"}},
    {MM_KIND_EMAIL, {"Support@Rakuten-Secure.Example", "\"Amazon\" <no-reply@amaz0n.example>", "a.b@c.co.jp", "mailto:x@y.test"}},
    {MM_KIND_BANK_ACCOUNT, {"0001-001-1-1234567", "0009 123 普通 7654321 ｶ)ｴｲﾁｹｰﾄﾚｰﾃﾞｲﾝｸﾞ", "0005-010-2-0000123 ヤマダ タロウ", "0036 251 1 1234567"}},
    {MM_KIND_CRYPTO_ADDRESS, {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"}},
    {MM_KIND_CARD, {"4111 1111 1111 1111", "5500-0000-0000-0004", "3530111333300000", "378282246310005"}},
    {MM_KIND_POSTAL_ADDRESS, {"〒100-8926 東京都千代田区霞が関二丁目1番2号", "東京都千代田区霞が関２丁目１−２", "大阪府大阪市北区梅田3-1-1", "北海道札幌市中央区北1条西2丁目"}},
    {MM_KIND_BUSINESS, {"株式会社エイチケートレーディング", "ﾐﾗｲﾄｳｼ(ｶ", "合同会社グローバルアセット", "(株)テスト"}},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 0.5;
    mm_arena *a = mm_arena_new(1 << 16);
    printf("%-16s %14s %14s %8s\n", "kind", "mamoru ops/s", "NFKC ops/s", "ratio");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        long ops = 0, fails = 0;
        double t0 = now(), t;
        do {
            for (int r = 0; r < 256; r++) {
                mm_norm_result res;
                if (mm_norm_value(cases[c].kind, cases[c].inputs[r & 3], NULL, a, &res, NULL))
                    fails++;
                mm_arena_reset(a);
            }
            ops += 256;
        } while ((t = now() - t0) < secs);
        double ours = (double)ops / t;
        long bops = 0;
        t0 = now();
        do {
            for (int r = 0; r < 256; r++) {
                utf8proc_uint8_t *o = utf8proc_NFKC((const utf8proc_uint8_t *)cases[c].inputs[r & 3]);
                free(o);
            }
            bops += 256;
        } while ((t = now() - t0) < secs);
        double base = (double)bops / t;
        printf("%-16s %14.0f %14.0f %7.2fx%s\n", mm_kind_name(cases[c].kind), ours, base,
               ours / base, fails ? "  (some inputs rejected)" : "");
    }
    mm_arena_free(a);
    return 0;
}
