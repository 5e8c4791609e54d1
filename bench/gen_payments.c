/*
 * gen_payments.c — writes the synthetic payment stream of payments_sim.h:
 * background traffic with Zengin bank and branch codes (the real list from
 * ../shared/data/zengin-code when present) and planted fraud — victims'
 * payments into mule networks of the AMLSim typologies (fan-in, fan-out,
 * scatter-gather, gather-scatter, cycle, stack) with ATM and crypto exits.
 *
 * Output: events as JSONL (the API's payment event, time-ordered) and a
 * labels TSV:
 *   E <event id> <role: victim|layering|exit> <scenario> <typology>   every fraud event
 *   A <account> <typology>                                            every mule account
 * Events not listed are benign. `mamoru import payments` and
 * `mamoru screen payment --jsonl` read the events as they are.
 *
 *   build/bench/gen_payments --out ev.jsonl --labels labels.tsv
 *        [--customers 20000] [--days 60] [--victims 300] [--seed 1] [--data data]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest_payment.h"
#include "payments_sim.h"

static size_t load_banks(sim_bank **out)
{
    const char *dir =
        getenv("MAMORU_SHARED_DATA") ? getenv("MAMORU_SHARED_DATA") : "../shared/data";
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/zengin-code/branches_all.tsv", dir);
    FILE *f = fopen(path, "r");
    *out = NULL;
    size_t n = 0, cap = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (line[0] < '0' || line[0] > '9' || line[4] != '\t' || line[8] != '\t')
            continue;
        if (strncmp(line, "0001", 4) && strncmp(line, "0005", 4) && strncmp(line, "0009", 4) &&
            strncmp(line, "0010", 4) && strncmp(line, "0036", 4) && strncmp(line, "0038", 4) &&
            strncmp(line, "9900", 4))
            continue;
        if (n == cap)
            *out = realloc(*out, (cap = cap ? cap * 2 : 1024) * sizeof **out);
        memcpy((*out)[n].bank, line, 4);
        (*out)[n].bank[4] = '\0';
        memcpy((*out)[n].branch, line + 5, 3);
        (*out)[n].branch[3] = '\0';
        n++;
    }
    if (f)
        fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    sim_config cfg = {.customers = 20000, .days = 60, .victims = 300, .seed = 1};
    const char *out = NULL, *labels = NULL, *data = "data";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--out") == 0)
            out = argv[i + 1];
        else if (strcmp(argv[i], "--labels") == 0)
            labels = argv[i + 1];
        else if (strcmp(argv[i], "--customers") == 0)
            cfg.customers = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--days") == 0)
            cfg.days = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--victims") == 0)
            cfg.victims = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--seed") == 0)
            cfg.seed = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--data") == 0)
            data = argv[i + 1];
    }
    if (out == NULL || labels == NULL) {
        fprintf(stderr, "usage: gen_payments --out EVENTS.jsonl --labels LABELS.tsv [--customers N]"
                        " [--days D] [--victims V] [--seed S] [--data DIR]\n");
        return 2;
    }
    sim_bank *banks = NULL;
    cfg.nbanks = load_banks(&banks);
    cfg.banks = banks;
    char path[512], line[512], *ex[16];
    size_t nex = 0;
    snprintf(path, sizeof path, "%s/exchange_accounts.tsv", data);
    FILE *xf = fopen(path, "r");
    while (xf && nex < 16 && fgets(line, sizeof line, xf))
        if (line[0] != '#' && strchr(line, '\t')) {
            *strchr(line, '\t') = '\0';
            ex[nex++] = strdup(line);
        }
    if (xf)
        fclose(xf);
    cfg.exchange_ids = (const char *const *)ex;
    cfg.nexchange_ids = nex;
    sim s;
    sim_generate(&s, &cfg);
    FILE *fo = fopen(out, "w"), *fl = fopen(labels, "w");
    if (fo == NULL || fl == NULL) {
        perror(fo ? labels : out);
        return 1;
    }
    fprintf(fl, "# gen_payments seed %llu: E id role scenario typology | A account typology\n",
            (unsigned long long)cfg.seed);
    char id[24], sess[24], cust[24];
    long fraud = 0;
    for (size_t i = 0; i < s.nev; i++) {
        mm_payment p;
        sim_payment(&s, &s.ev[i], i, id, sizeof id, sess, cust, &p);
        json_t *j = mm_payment_to_json(&p);
        char *txt = json_dumps(j, JSON_COMPACT);
        fprintf(fo, "%s\n", txt);
        free(txt);
        json_decref(j);
        const sim_ev *e = &s.ev[i];
        if (sim_is_fraud(e)) {
            fprintf(fl, "E\t%s\t%s\t%s\t%s\n", id, sim_role_name[e->role],
                    sim_scenario_name[e->scenario], sim_typology_name[e->typology]);
            fraud++;
        }
    }
    long mules = 0;
    for (int i = 0; i < s.nacct; i++)
        if (s.acct[i].kind == SK_MULE) {
            fprintf(fl, "A\t%s\t%s\n", s.acct[i].id, sim_typology_name[s.acct[i].typology]);
            mules++;
        }
    fclose(fo);
    fclose(fl);
    fprintf(stderr,
            "gen_payments: %zu events (%ld fraud), %d accounts (%ld mules), %zu bank "
            "branches from the Zengin list\n",
            s.nev, fraud, s.nacct, mules, cfg.nbanks);
    sim_free(&s);
    free(banks);
    for (size_t i = 0; i < nex; i++)
        free(ex[i]);
    return 0;
}
