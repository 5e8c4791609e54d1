/*
 * fuzz_payments.c — the payment parsers on arbitrary bytes: the Zengin
 * 総合振込 reader (every good record converted to an event and screened),
 * the payment event JSON (screened with and without state) and the DIC
 * notice reader. The first byte picks the parser. Checks: no crash, no
 * sanitizer report, and the reader's own invariants (kept + rejected data
 * records never exceed the records read; every kept record has a
 * canonical account).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    mm_arena *a = mm_arena_new(0);
    mm_error e;
    int which = data[0] % 3;
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;
    mm_screen_ctx ctx = {.thresholds = MM_THRESHOLDS_DEFAULT};
    if (which == 0) {
        mm_zengin_file f;
        if (mm_zengin_file_parse(buf, len, NULL, a, &f, &e) == MM_OK) {
            if ((long)f.nrecords + f.rejected > f.nrecords_total)
                abort();
            mm_pay_state *st = mm_pay_state_new(64);
            for (size_t i = 0; i < f.nrecords; i++) {
                if (f.records[i].account == NULL || strlen(f.records[i].account) != 18)
                    abort();
                mm_payment p;
                mm_verdict v;
                if (mm_zengin_record_payment(&f, &f.records[i], "fz", 1750000000, a, &p, &e) ==
                    MM_OK)
                    mm_screen_payment(&ctx, st, &p, a, &v, &e);
            }
            mm_pay_state_free(st);
        }
    } else if (which == 1) {
        mm_payment p;
        if (mm_payment_parse(buf, len, NULL, a, &p, &e) == MM_OK) {
            mm_verdict v;
            mm_pay_state *st = mm_pay_state_new(64);
            mm_screen_payment(&ctx, NULL, &p, a, &v, &e);
            mm_screen_payment(&ctx, st, &p, a, &v, &e);
            mm_screen_payment(&ctx, st, &p, a, &v, &e);
            json_decref(mm_payment_to_json(&p));
            mm_pay_state_free(st);
        }
    } else {
        mm_dic_record *r;
        mm_dic_issue *is;
        size_t n, ni;
        if (mm_dic_parse(buf, len, NULL, a, &r, &n, &is, &ni, &e) == MM_OK)
            for (size_t i = 0; i < n; i++)
                if (r[i].account == NULL || r[i].holder == NULL || r[i].nupstream > 8)
                    abort();
    }
    mm_arena_free(a);
    return 0;
}
