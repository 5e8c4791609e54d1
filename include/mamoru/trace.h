/*
 * trace.h — fund tracing (issue 5 §3): an in-memory payment graph of bank
 * accounts and crypto addresses, forward traces from a victim's transfer
 * with FIFO amount attribution, the peers' plain time-respecting expansion,
 * freeze targets, mule scores and aggregation (collector) detection.
 *
 * Everything here is pure: no file, network or clock access. The graph is
 * built from events the caller hands in (a store scan, a CSV buffer) and is
 * immutable once frozen, so any number of threads may trace on one graph at
 * once, each with its own mm_trace_scratch.
 *
 * Memory: ~54-57 bytes a transfer with every index and the account
 * interning (bench/bench_trace prints it); per-thread scratch is ~4 bytes
 * an account plus 1 bit a transfer.
 *
 * Ownership: a builder and a graph are owned by the caller (free with their
 * _free, which accept NULL). Trace results point into the scratch they were
 * computed with and stay valid until the next trace on that scratch.
 */
#ifndef MAMORU_TRACE_H
#define MAMORU_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/payment.h"

#define MM_TRACE_NONE UINT32_MAX /* "no account / transfer / edge" */
#define MM_TRACE_DEFAULT_HOPS 6
#define MM_TRACE_MAX_HOPS 64
#define MM_TRACE_DEFAULT_WINDOW_S (72 * 3600)

/* ---- accounts ------------------------------------------------------------ */

/* What an account string is, from its canonical shape alone. */
typedef enum mm_trace_acct_kind {
    MM_TRACE_ACCT_BANK = 0, /* "0001-001-1-1234567" */
    MM_TRACE_ACCT_CRYPTO,   /* "btc:…", "eth:…", "tron:…" */
    MM_TRACE_ACCT_CASH,     /* money left the system: ATM cash "BBBB-000-0-0000000"
                               (the peers' convention), "cash:…", "emoney:…" */
    MM_TRACE_ACCT_OTHER,    /* anything else (kept, never guessed at) */
} mm_trace_acct_kind;

/* Classify a canonical account string (len bytes). */
mm_trace_acct_kind mm_trace_account_kind(const char *account, size_t len);
/* "bank", "crypto", "cash", "other". */
const char *mm_trace_acct_kind_name(mm_trace_acct_kind k);

/* ---- building a graph ------------------------------------------------------ */

typedef struct mm_trace_graph mm_trace_graph;
typedef struct mm_trace_builder mm_trace_builder;

/* A builder collects transfer events (any order) and freezes them into an
 * immutable graph. With base != NULL the frozen graph holds base's
 * transfers plus the new ones (base itself is not changed, so readers can
 * keep using it while the next one is built). Account ids of base are
 * kept. Returns NULL when out of memory. base must outlive the builder. */
mm_trace_builder *mm_trace_builder_new(const mm_trace_graph *base);
void mm_trace_builder_free(mm_trace_builder *b);

/* One transfer: external id (unique; a repeated id is dropped at freeze, the
 * first kept, counted in mm_trace_graph_duplicates), canonical from/to
 * account strings, unix time, amount in yen (>= 0). MM_EINVAL names the
 * field ("id", "from", "to", "amount") on an empty or over-long value
 * (ids ≤ 255 bytes, accounts ≤ 255 bytes) or a negative amount. */
mm_status mm_trace_builder_add(mm_trace_builder *b, const char *id, size_t idlen, const char *from,
                               size_t fromlen, const char *to, size_t tolen, int64_t time,
                               int64_t amount, mm_error *err);

/* A payment event as the store's scan gives it. Money-moving types only
 * (ib_login / ib_limit_change and "dic_upstream" notice edges are skipped:
 * *added = false). A missing side becomes a pseudo-account: an ATM
 * withdrawal leaves to the cash sink "BBBB-000-0-0000000" of the payer's
 * bank ("cash:atm" for a non-bank payer), an e-money purchase to
 * "emoney:<to or store>", a missing payer to "external:unknown". added may
 * be NULL. */
mm_status mm_trace_builder_add_payment(mm_trace_builder *b, const mm_payment *p, bool *added,
                                       mm_error *err);

/* The peers' CSV (header "id,time,from,to,amount"; time RFC 3339 with offset
 * or unix seconds; accounts canonical "BBBB-SSS-T-NNNNNNN" or "chain:addr",
 * other writings go through mm_norm_account). norm_arena is used for
 * non-canonical accounts (may be NULL: then only canonical ones are
 * accepted). On a bad row: MM_EINVAL, field "line N: <column>" and the
 * value quoted; nothing of the buffer after that row is added. *rows gets
 * the number of rows added (may be NULL). */
mm_status mm_trace_builder_add_csv(mm_trace_builder *b, const char *buf, size_t len,
                                   mm_arena *norm_arena, size_t *rows, mm_error *err);

/* RFC 3339 ("2025-10-03T14:22:05+09:00", "…Z", fractions ignored) or unix
 * seconds (up to 12 digits) → unix seconds. False when malformed. */
bool mm_trace_parse_time(const char *s, size_t n, int64_t *out);

/* Events added so far (not counting base). */
size_t mm_trace_builder_count(const mm_trace_builder *b);

/* Build the graph (CSR arrays, id index). The builder is emptied and may
 * be reused or freed; the graph is independent of it. */
mm_status mm_trace_builder_freeze(mm_trace_builder *b, mm_trace_graph **out, mm_error *err);

void mm_trace_graph_free(mm_trace_graph *g);

/* ---- reading a graph ------------------------------------------------------------ */

size_t mm_trace_graph_accounts(const mm_trace_graph *g);
size_t mm_trace_graph_transfers(const mm_trace_graph *g);
size_t mm_trace_graph_duplicates(const mm_trace_graph *g); /* ids dropped as repeats */
/* Bytes of memory the graph holds (every array, interning and indexes). */
size_t mm_trace_graph_bytes(const mm_trace_graph *g);
/* Earliest / latest transfer time (0 for an empty graph). */
int64_t mm_trace_graph_min_time(const mm_trace_graph *g);
int64_t mm_trace_graph_max_time(const mm_trace_graph *g);

/* Account index of a canonical string, or MM_TRACE_NONE. */
uint32_t mm_trace_graph_find_account(const mm_trace_graph *g, const char *account, size_t len);
/* The canonical string of account index a (NUL-terminated, owned by g). */
const char *mm_trace_graph_account(const mm_trace_graph *g, uint32_t a);
/* Transfer index of an external id, or MM_TRACE_NONE. */
uint32_t mm_trace_graph_find_transfer(const mm_trace_graph *g, const char *id, size_t len);

typedef struct mm_trace_transfer {
    uint32_t from, to; /* account indices */
    int64_t time;      /* unix seconds */
    int64_t amount;    /* yen */
} mm_trace_transfer;
void mm_trace_graph_transfer(const mm_trace_graph *g, uint32_t t, mm_trace_transfer *out);
/* The external id of transfer t written into buf (NUL-terminated,
 * truncated to cap); returns its full length. */
size_t mm_trace_graph_transfer_id(const mm_trace_graph *g, uint32_t t, char *buf, size_t cap);
/* The id as a number when it is a plain decimal (≤ 18 digits), else -1. */
int64_t mm_trace_graph_transfer_num(const mm_trace_graph *g, uint32_t t);

/* Outgoing transfers of account a are the indices [*lo, *hi), in time
 * order; incoming ones are the transfer indices in[0 .. *n). */
void mm_trace_graph_out(const mm_trace_graph *g, uint32_t a, uint32_t *lo, uint32_t *hi);
const uint32_t *mm_trace_graph_in(const mm_trace_graph *g, uint32_t a, size_t *n);

/* ---- tracing ------------------------------------------------------------------------ */

typedef struct mm_trace_params {
    int hops;         /* hops after the root transfer; 0 → 6; max 64 */
    int64_t window_s; /* a hop must leave within this many seconds of the
                         money's arrival; 0 → 72 h; < 0 → no limit */
} mm_trace_params;

/* Per-thread working memory, reused across traces (it grows to the largest
 * graph and trace seen: about 4 bytes per account plus 1 bit per transfer,
 * plus the trace itself). */
typedef struct mm_trace_scratch mm_trace_scratch;
mm_trace_scratch *mm_trace_scratch_new(void);
void mm_trace_scratch_free(mm_trace_scratch *s);

/* Plain expansion, exactly the peers' workload (shared/peers/graph-trace):
 * the root transfer is reached at hop 0; a transfer e out of account a at
 * time τ is reached at hop h+1 (h < hops) when some transfer r reached at
 * hop h entered a and r.time < τ ≤ r.time + window. No amounts. Reached
 * transfers in BFS order (root first); reached accounts = destinations of
 * reached transfers (root's included), in first-reached order. */
typedef struct mm_trace_reach {
    const uint32_t *transfers;
    size_t ntransfers;
    const uint32_t *accounts;
    size_t naccounts;
} mm_trace_reach;
mm_status mm_trace_expand(const mm_trace_graph *g, uint32_t root, const mm_trace_params *p,
                          mm_trace_scratch *s, mm_trace_reach *out, mm_error *err);

/* Why an edge's victim money was not followed further. */
typedef enum mm_trace_cut {
    MM_TRACE_FOLLOWED = 0,
    MM_TRACE_CUT_HOPS,   /* the money had already made `hops` hops */
    MM_TRACE_CUT_WINDOW, /* it sat longer than the window before moving on */
} mm_trace_cut;

/* One transfer that carried victim money. */
typedef struct mm_trace_edge {
    uint32_t transfer; /* transfer index; MM_TRACE_NONE for a virtual root */
    uint32_t from, to; /* account indices (from is MM_TRACE_NONE for a virtual root) */
    int64_t time, amount;
    int64_t tainted;   /* victim money this transfer carried (FIFO) */
    int64_t traced;    /* the part followed further (tainted unless cut) */
    uint32_t parent;   /* edge the followed money came from (the lowest-hop
                          one when several mixed); MM_TRACE_NONE for the root */
    uint16_t hop;      /* 0 for the root */
    uint8_t cut;       /* mm_trace_cut of the untraced part (FOLLOWED when none) */
} mm_trace_edge;

/* Victim money still in one account at the end of the graph. */
typedef struct mm_trace_holding {
    uint32_t account;
    mm_trace_acct_kind kind;
    int64_t remaining; /* victim money still there */
    int64_t received;  /* victim money that arrived (followed part) */
} mm_trace_holding;

typedef struct mm_trace_result {
    const mm_trace_edge *edges; /* edges[0] is the root; then in time order */
    size_t nedges;
    const mm_trace_holding *holdings; /* remaining > 0, largest first (cash sinks too) */
    size_t nholdings;
    int64_t victim_amount; /* the root amount */
    int64_t remaining;     /* in bank / crypto / other accounts: freezable */
    int64_t cashed_out;    /* reached a cash or e-money sink */
    int64_t untraced;      /* left on a cut edge (hops or window) */
    /* invariant: victim_amount == remaining + cashed_out + untraced */
    size_t accounts;       /* accounts the victim money reached */
    size_t events;         /* outflows examined (work done) */
} mm_trace_result;

/* Forward trace with FIFO attribution from transfer root.
 *
 * Model (exact, integer yen): each account's observed money is a queue of
 * yen in arrival order; every yen is victim money or clean. An incoming
 * transfer appends its yen at the back in the order they left the sender;
 * an outgoing transfer takes yen from the front. The account's history
 * before the victim money arrived is replayed too, so clean money that
 * arrived earlier and is still unspent sits ahead of the victim money
 * ("clean ahead"); later deposits queue behind it ("clean behind"). Money
 * the graph never saw arrive (an opening balance, unseen deposits) is not
 * in the queue: an outflow larger than the queue takes the whole queue and
 * the rest is unexplained clean money — so victim money is never assumed
 * to stay behind unobserved funds. Events at one second: every outflow of
 * that second is applied before any inflow of that second (money must
 * arrive strictly before it can leave, as in the plain expansion);
 * inflows of one second are queued in transfer-index order (by sender,
 * then recording order).
 *
 * Victim yen taken by an outflow are followed (credited to the receiving
 * account, hop + 1) when they have made fewer than `hops` hops and left
 * within `window` of arriving; otherwise they are counted as untraced and
 * the edge carries the reason. Replay continues to the end of the graph, so
 * holdings are what is still there "now". Cash sinks never send: victim
 * money reaching one is cashed_out. Every followed edge is also in the
 * plain expansion's reached set (tests check this). */
mm_status mm_trace_fifo(const mm_trace_graph *g, uint32_t root, const mm_trace_params *p,
                        mm_trace_scratch *s, mm_trace_result *out, mm_error *err);
/* The same from `amount` yen of victim money credited to account at time
 * (a cash deposit, or a transfer the graph does not hold): the deposit is
 * placed in that account's queue after the outflows of its second and
 * before the inflows of that second, and the account's later outflows are
 * recomputed with it. edges[0] is a virtual root with transfer = from =
 * MM_TRACE_NONE. */
mm_status mm_trace_fifo_from(const mm_trace_graph *g, uint32_t account, int64_t time,
                             int64_t amount, const mm_trace_params *p, mm_trace_scratch *s,
                             mm_trace_result *out, mm_error *err);

/* ---- freeze targets ------------------------------------------------------------------------ */

/* A request to the bank or exchange holding victim money. The requests
 * subsystem turns these into freeze requests. */
typedef struct mm_freeze_target {
    const char *account;     /* canonical account (owned by the graph) */
    mm_trace_acct_kind kind; /* bank or crypto (or other) */
    int64_t amount_remaining;
    char holder[24];         /* bank code "0005", or the chain "eth" for crypto,
                                unless the resolver names an exchange */
    const char *holder_name; /* from the resolver, or NULL */
} mm_freeze_target;

/* Optional: name the institution holding an account (a Zengin bank name,
 * an exchange for a deposit address). Return NULL when unknown; a returned
 * string must outlive the targets. code may be rewritten (≤ 23 bytes). */
typedef const char *(*mm_trace_holder_fn)(void *ctx, const char *account,
                                          mm_trace_acct_kind kind, char code[24]);

/* One target per account still holding at least min_amount yen of victim
 * money (cash sinks excluded: that money is gone), largest first. *out is
 * an arena array. Returns the count. */
size_t mm_trace_freeze_targets(const mm_trace_graph *g, const mm_trace_result *r,
                               int64_t min_amount, mm_trace_holder_fn holder, void *ctx,
                               mm_arena *a, mm_freeze_target **out);

/* ---- mule score ------------------------------------------------------------------------ */

/* Is this canonical account listed (a snapshot lookup, a set)? */
typedef bool (*mm_trace_listed_fn)(void *ctx, const char *account, size_t len);

typedef struct mm_mule_features {
    uint32_t n_in, n_out;       /* transfers in / out */
    uint32_t fan_in, fan_out;   /* distinct senders / payees */
    uint32_t burst_fan_in;      /* most distinct senders within any 7 days */
    int64_t in_total, out_total;
    double pass_through;        /* min(out, in) / in, 0 when nothing came in */
    double fast_share;          /* share of incoming yen that left within 24 h (FIFO) */
    double dwell_s;             /* amount-weighted mean FIFO dwell of yen that left */
    int64_t first_seen, last_seen;
    uint32_t listed_neighbours; /* distinct counterparties the callback lists */
    bool listed;                /* the account itself is listed */
    int score;                  /* 0-100, see mm_trace_mule_score */
} mm_mule_features;

/* Features and score of account a over the whole graph. now is the
 * reference time for the account's age (pass the graph's max time for a
 * replay). listed may be NULL.
 *
 * Score: noisy-OR of evidence, each weight from the mechanism of a mule
 * (money from several unrelated senders, passed on quickly and almost
 * whole, in a young account, next to listed accounts):
 *   fast pass-through   0.55 × fast_share × pass_through
 *   fan-in              0.30 × min(1, (fan_in − 1) / 4), only with pass_through ≥ 0.5
 *   burst fan-in        0.35 × min(1, (burst − 2) / 6) × burst / fan_in, from 3
 *                       distinct senders within 7 days (victims of one
 *                       campaign pay within days; a shop's senders spread out)
 *   young account       0.15 when first seen < 90 days before now
 *   listed neighbours   0.25 per listed counterparty (noisy-OR), the account
 *                       itself listed 0.90
 * Activity dilutes the first two: an account with more than 50 transfers
 * out (a business, a payment hub) has them scaled by 50 / n_out. */
mm_status mm_trace_mule_score(const mm_trace_graph *g, uint32_t a, int64_t now,
                              mm_trace_listed_fn listed, void *ctx, mm_trace_scratch *s,
                              mm_mule_features *out, mm_error *err);

/* ---- aggregation ------------------------------------------------------------------------ */

/* Accounts (crypto addresses, exchange deposit accounts) that collect
 * victim money from many traces: feed each victim's FIFO result, then ask
 * for the accounts it reached from many victims through many different
 * senders, where victim money is a real share of all the account received.
 * That separates a collection point from a big payee that a few mules also
 * paid (victims and senders many, share tiny) and from the account one
 * step downstream of a collector (one or a few senders). Cash sinks are
 * never collectors. */
typedef struct mm_trace_agg mm_trace_agg;
typedef struct mm_trace_collector {
    uint32_t account;
    mm_trace_acct_kind kind;
    uint32_t victims; /* distinct traces whose money arrived */
    uint32_t senders; /* distinct accounts that sent it the victim money */
    int64_t tainted;  /* victim money that arrived, summed over traces */
    double share;     /* tainted / everything the account received */
} mm_trace_collector;

mm_trace_agg *mm_trace_agg_new(const mm_trace_graph *g);
void mm_trace_agg_free(mm_trace_agg *agg);
/* Count one trace (one victim). */
mm_status mm_trace_agg_add(mm_trace_agg *agg, const mm_trace_result *r);
/* Collectors with ≥ min_victims victims and as many distinct senders, and
 * victim money ≥ min_share of their inflow; most victims first. With
 * crypto_only, only crypto addresses. *out is malloc'd (caller frees). */
size_t mm_trace_agg_collectors(const mm_trace_agg *agg, uint32_t min_victims, double min_share,
                               bool crypto_only, mm_trace_collector **out);

#endif
