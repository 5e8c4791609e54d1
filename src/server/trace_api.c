/*
 * trace_api.c — what `POST /v1/trace` and `mamoru trace` share around the
 * pure tracer: filling a graph builder from the store's payments (in recorded order),
 * naming the institution that holds an account (exchange deposit accounts
 * from data/exchange_accounts.tsv, bank names from the Zengin list), and
 * the one JSON form of a trace both print.
 *
 * Why here: src/trace may not read the store or files, and the CLI links
 * the server library already (it prints the API's indicator JSON the same
 * way), so one copy serves both and the two outputs cannot drift apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/server.h"
#include "mamoru/trace.h"

/* ---- store → builder ------------------------------------------------------ */

typedef struct scan_ctx {
    mm_trace_builder *b;
    size_t added;
    mm_error *err;
    mm_status rc;
} scan_ctx;

static int on_payment(void *ctx, const mm_payment *p)
{
    scan_ctx *c = ctx;
    bool added = false;
    c->rc = mm_trace_builder_add_payment(c->b, p, &added, c->err);
    if (c->rc != MM_OK)
        return 1;
    if (added)
        c->added++;
    return 0;
}

mm_status mm_server_trace_scan(mm_store *s, mm_trace_builder *b, int64_t *seq, size_t *added,
                               mm_error *err)
{
    scan_ctx c = {.b = b, .err = err, .rc = MM_OK};
    mm_status rc = mm_store_payment_scan_seq(s, *seq, on_payment, &c, seq, err);
    if (rc == MM_OK)
        rc = c.rc;
    if (added)
        *added = c.added;
    return rc;
}

/* ---- holders ---------------------------------------------------------------- */

struct mm_trace_holders {
    const mm_zengin *codes;
    char **account, **name; /* exchange deposit accounts, sorted by account */
    size_t n;
};

static int acmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

mm_trace_holders *mm_server_trace_holders_load(const char *data_dir, const mm_zengin *codes)
{
    mm_trace_holders *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->codes = codes;
    if (data_dir == NULL)
        return h;
    char path[1100];
    snprintf(path, sizeof path, "%s/exchange_accounts.tsv", data_dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return h; /* optional: holders then come from the account alone */
    char line[1024];
    size_t cap = 0;
    char **pairs = NULL; /* "account\tname" lines, sorted then split */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || tab == NULL)
            continue;
        char *tab2 = strchr(tab + 1, '\t');
        if (tab2)
            *tab2 = '\0';
        if (h->n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **np = realloc(pairs, nc * sizeof *np);
            if (np == NULL)
                break;
            pairs = np;
            cap = nc;
        }
        if ((pairs[h->n] = strdup(line)) == NULL)
            break;
        h->n++;
    }
    fclose(f);
    qsort(pairs, h->n, sizeof *pairs, acmp);
    h->account = pairs;
    h->name = malloc((h->n + 1) * sizeof *h->name);
    for (size_t i = 0; h->name && i < h->n; i++) {
        char *tab = strchr(pairs[i], '\t');
        *tab = '\0';
        h->name[i] = tab + 1;
    }
    if (h->name == NULL)
        h->n = 0;
    return h;
}

void mm_server_trace_holders_free(mm_trace_holders *h)
{
    if (h == NULL)
        return;
    for (size_t i = 0; h->account && i < h->n; i++)
        free(h->account[i]);
    free(h->account);
    free(h->name);
    free(h);
}

static const char *holder_fn(void *ctx, const char *account, mm_trace_acct_kind kind,
                             char code[24])
{
    const mm_trace_holders *h = ctx;
    if (h == NULL)
        return NULL;
    if (h->n) {
        char *const *hit = bsearch(&account, h->account, h->n, sizeof *h->account, acmp);
        if (hit)
            return h->name[hit - h->account]; /* an exchange's deposit account */
    }
    if (kind == MM_TRACE_ACCT_BANK && h->codes)
        return mm_zengin_bank_name(h->codes, code);
    return NULL;
}

/* ---- JSON --------------------------------------------------------------------------- */

static json_t *tx_id(const mm_trace_graph *g, uint32_t t)
{
    if (t == MM_TRACE_NONE)
        return json_null();
    char id[300];
    mm_trace_graph_transfer_id(g, t, id, sizeof id);
    return json_string(id);
}

static json_t *account(const mm_trace_graph *g, uint32_t a)
{
    return a == MM_TRACE_NONE ? json_null() : json_string(mm_trace_graph_account(g, a));
}

static json_t *time_json(int64_t t)
{
    char buf[32];
    mm_server_time_format(t, buf);
    return json_string(buf);
}

static const char *cut_name(int cut)
{
    return cut == MM_TRACE_CUT_HOPS ? "hops" : cut == MM_TRACE_CUT_WINDOW ? "window" : NULL;
}

json_t *mm_server_trace_json(const mm_trace_graph *g, const mm_trace_result *r,
                             const mm_trace_params *p, const mm_trace_holders *h)
{
    json_t *o = json_object();
    if (o == NULL || r->nedges == 0)
        return o;
    const mm_trace_edge *root = &r->edges[0];
    int hops = p && p->hops > 0 ? p->hops : MM_TRACE_DEFAULT_HOPS;
    int64_t window = p && p->window_s != 0 ? p->window_s : MM_TRACE_DEFAULT_WINDOW_S;
    json_object_set_new(o, "tx", tx_id(g, root->transfer));
    json_t *par = json_object();
    json_object_set_new(par, "hops", json_integer(hops));
    json_object_set_new(par, "window_hours", window < 0 ? json_null() : json_real(window / 3600.0));
    json_object_set_new(o, "params", par);
    json_t *v = json_object();
    json_object_set_new(v, "from", account(g, root->from));
    json_object_set_new(v, "to", account(g, root->to));
    json_object_set_new(v, "time", time_json(root->time));
    json_object_set_new(v, "amount", json_integer(root->amount));
    json_object_set_new(o, "victim", v);
    json_t *sum = json_object();
    json_object_set_new(sum, "victim_amount", json_integer(r->victim_amount));
    json_object_set_new(sum, "remaining", json_integer(r->remaining));
    json_object_set_new(sum, "cashed_out", json_integer(r->cashed_out));
    json_object_set_new(sum, "untraced", json_integer(r->untraced));
    json_object_set_new(sum, "edges", json_integer((json_int_t)r->nedges));
    json_object_set_new(sum, "accounts", json_integer((json_int_t)r->accounts));
    json_object_set_new(o, "summary", sum);

    json_t *edges = json_array();
    for (size_t i = 0; i < r->nedges; i++) {
        const mm_trace_edge *e = &r->edges[i];
        json_t *x = json_object();
        json_object_set_new(x, "tx", tx_id(g, e->transfer));
        json_object_set_new(x, "from", account(g, e->from));
        json_object_set_new(x, "to", account(g, e->to));
        json_object_set_new(x, "time", time_json(e->time));
        json_object_set_new(x, "amount", json_integer(e->amount));
        json_object_set_new(x, "tainted", json_integer(e->tainted));
        json_object_set_new(x, "traced", json_integer(e->traced));
        json_object_set_new(x, "hop", json_integer(e->hop));
        json_object_set_new(x, "parent", e->parent == MM_TRACE_NONE ? json_null()
                                                                    : json_integer(e->parent));
        const char *cut = cut_name(e->cut);
        if (cut)
            json_object_set_new(x, "cut", json_string(cut));
        json_array_append_new(edges, x);
    }
    json_object_set_new(o, "edges", edges);

    json_t *holding = json_array(), *cash = json_array();
    for (size_t i = 0; i < r->nholdings; i++) {
        const mm_trace_holding *x = &r->holdings[i];
        json_t *j = json_object();
        json_object_set_new(j, "account", account(g, x->account));
        if (x->kind == MM_TRACE_ACCT_CASH) {
            json_object_set_new(j, "amount", json_integer(x->remaining));
            json_array_append_new(cash, j);
            continue;
        }
        json_object_set_new(j, "amount_remaining", json_integer(x->remaining));
        json_object_set_new(j, "received", json_integer(x->received));
        json_object_set_new(j, "kind", json_string(mm_trace_acct_kind_name(x->kind)));
        json_array_append_new(holding, j);
    }
    json_object_set_new(o, "holding", holding);
    json_object_set_new(o, "cashed_out", cash);

    json_t *ft = json_array();
    mm_arena *a = mm_arena_new(0);
    mm_freeze_target *t = NULL;
    size_t n = a ? mm_trace_freeze_targets(g, r, 1, holder_fn, (void *)h, a, &t) : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object();
        json_object_set_new(j, "account", json_string(t[i].account));
        json_object_set_new(j, "amount_remaining", json_integer(t[i].amount_remaining));
        json_object_set_new(j, "kind", json_string(mm_trace_acct_kind_name(t[i].kind)));
        json_object_set_new(j, "holder", json_string(t[i].holder));
        json_object_set_new(j, "holder_name",
                            t[i].holder_name ? json_string(t[i].holder_name) : json_null());
        json_array_append_new(ft, j);
    }
    mm_arena_free(a);
    json_object_set_new(o, "freeze_targets", ft);
    return o;
}
