/*
 * load_payment.c — reads the payment screening rules and the exchange
 * deposit accounts from the data directory (file I/O stays out of
 * src/screen; the parser there works on the buffers).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_payment.h"
#include "mamoru/screen_payment.h"

mm_status mm_payment_rules_load(const char *data_dir, mm_payment_rules **out, mm_error *err)
{
    *out = NULL;
    char path[1024], xpath[1024];
    snprintf(path, sizeof path, "%s/payment_rules.tsv", data_dir);
    snprintf(xpath, sizeof xpath, "%s/exchange_accounts.tsv", data_dir);
    char *rules = NULL, *ex = NULL;
    size_t rl = 0, xl = 0;
    mm_status st = mm_read_file(path, &rules, &rl, err);
    if (st == MM_ENOTFOUND)
        return MM_OK;
    if (st != MM_OK)
        return st;
    st = mm_read_file(xpath, &ex, &xl, err);
    if (st == MM_ENOTFOUND) {
        ex = NULL;
        st = MM_OK;
    }
    if (st == MM_OK) {
        st = mm_payment_rules_parse(rules, rl, ex, xl, out, err);
        if (st != MM_OK && err) {
            char msg[sizeof err->message], field[sizeof err->field];
            memcpy(msg, err->message, sizeof msg);
            memcpy(field, err->field, sizeof field);
            msg[200] = '\0';
            bool ex_file = strcmp(field, "exchange_accounts") == 0 || strcmp(field, "account") == 0;
            mm_error_set(err, st, field, "%.100s: %s", ex_file ? xpath : path, msg);
        }
    }
    free(rules);
    free(ex);
    return st;
}
