/*
 * dic_apply.c — turning one frozen-account notice into store changes: a
 * listed, actioned bank-account indicator (or its retraction) and the
 * upstream → frozen-account edges the fund tracer reads through
 * mm_store_payment_scan.
 *
 * Built only on public store calls, so the rules a notice follows (status
 * transitions, holder hashing, audit) are the same as for any report.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/ingest_payment.h"

mm_status mm_dic_apply(mm_store *s, int64_t org_id, const mm_dic_record *r, mm_arena *a,
                       mm_dic_outcome *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    const char *nname = mm_dic_notice_name(r->notice);
    bool seen = false;
    mm_status st = mm_store_dic_seen(s, r->record_no, nname, &seen, err);
    if (st != MM_OK)
        return st;
    if (seen) {
        out->duplicate = true;
        return MM_OK;
    }
    char *value = mm_arena_printf(a, "%s %s", r->account, r->holder ? r->holder : "");
    if (value == NULL)
        return mm_error_set(err, MM_ENOMEM, "notice", "out of memory");
    mm_indicator ind;
    if (mm_dic_notice_retracts(r->notice)) {
        st = mm_store_lookup(s, MM_KIND_BANK_ACCOUNT, r->account, a, &ind, err);
        if (st == MM_ENOTFOUND) {
            out->nothing_to_retract = true;
        } else if (st != MM_OK) {
            return st;
        } else {
            out->indicator_id = ind.id;
            if (ind.status != MM_IND_FALSE_POSITIVE) {
                if ((st = mm_store_set_status(s, ind.id, MM_IND_FALSE_POSITIVE, org_id, a, NULL,
                                              err)) != MM_OK)
                    return st;
                out->retracted = true;
            }
        }
    } else {
        char date[32] = "";
        if (r->published)
            mm_time_format_rfc3339(r->published, date);
        char *evidence =
            mm_arena_printf(a, "DIC notice %s (%s)%s%.10s, amount %lld yen%s%s", r->record_no,
                            nname, date[0] ? " published " : "", date, (long long)r->amount,
                            r->bank_name ? ", " : "", r->bank_name ? r->bank_name : "");
        mm_report rep = {.kind = MM_KIND_BANK_ACCOUNT,
                         .value = value,
                         .category = "frozen_account",
                         .status = "confirmed",
                         .confidence = 90,
                         .distribution = "members",
                         .evidence = evidence,
                         .org_id = org_id,
                         .seen_at = r->published ? r->published : 0};
        bool created;
        if ((st = mm_store_report(s, &rep, a, &ind, &created, err)) != MM_OK)
            return st;
        out->indicator_id = ind.id;
        out->listed = true;
        if (ind.status != MM_IND_ACTIONED && ind.status != MM_IND_FALSE_POSITIVE &&
            mm_store_set_status(s, ind.id, MM_IND_ACTIONED, org_id, a, NULL, err) != MM_OK)
            return err ? err->code : MM_EIO;
        if (r->nupstream) {
            mm_payment ev[MM_DIC_MAX_UPSTREAM];
            mm_status codes[MM_DIC_MAX_UPSTREAM];
            int64_t t = r->transfer_month ? r->transfer_month
                        : r->suspended    ? r->suspended
                                          : r->published;
            for (int i = 0; i < r->nupstream; i++) {
                ev[i] = (mm_payment){.id = mm_arena_printf(a, "dic:%s:u%d", r->record_no, i + 1),
                                     .type = MM_PAY_TRANSFER,
                                     .time = t > 0 ? t : 1,
                                     .amount = 0,
                                     .flags = {"dic_upstream"},
                                     .nflags = 1};
                ev[i].from.account = r->upstream[i];
                ev[i].to.account = r->account;
            }
            if ((st = mm_store_payment_add_batch(s, ev, (size_t)r->nupstream, codes, NULL, err)) !=
                MM_OK)
                return st;
            for (int i = 0; i < r->nupstream; i++)
                out->edges += codes[i] == MM_OK;
        }
    }
    return mm_store_dic_record(s, r->record_no, nname, r->account, r->amount, r->suspended,
                               r->published, out->indicator_id, err);
}
