/*
 * requests.h — requests between organisations (issue 5 §4): freeze,
 * inquiry (照会), suspension and takedown, each about one indicator value,
 * with a state, a deadline, an answer and SLA figures.
 *
 * The police (and banks, exchanges, carriers, platforms as the table in
 * src/intel/request_model.c allows) send; the addressed organisation
 * acknowledges, answers done or refused; only the sender may cancel.
 * Every change is written to the audit chain in the same transaction.
 * Model functions are pure; store functions live in store_requests.c.
 */
#ifndef MAMORU_REQUESTS_H
#define MAMORU_REQUESTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/intel.h"

typedef enum mm_req_type {
    MM_REQ_FREEZE = 0, /* stop the money: freeze an account / address */
    MM_REQ_INQUIRY,    /* 照会: who holds it, what moved through it */
    MM_REQ_SUSPENSION, /* suspend a phone number, SNS or service account */
    MM_REQ_TAKEDOWN,   /* take down a site, post or domain */
    MM_REQ__COUNT
} mm_req_type;

typedef enum mm_req_state {
    MM_REQ_SENT = 0,
    MM_REQ_ACKNOWLEDGED,
    MM_REQ_DONE,
    MM_REQ_REFUSED,
    MM_REQ_CANCELLED,
    MM_REQ_STATE__COUNT
} mm_req_state;

const char *mm_req_type_name(mm_req_type t);   /* "freeze", ... */
const char *mm_req_state_name(mm_req_state s); /* "sent", ... */
mm_status mm_req_type_parse(const char *s, mm_req_type *out, mm_error *err);
mm_status mm_req_state_parse(const char *s, mm_req_state *out, mm_error *err);
/* May an organisation of this role send this type of request? */
bool mm_req_may_send(mm_role role, mm_req_type t);
/* Default answer time per type in seconds (freeze 1 h, suspension and
 * takedown 24 h, inquiry 7 days). */
int64_t mm_req_default_deadline(mm_req_type t);
/* Is from → to legal, and for whom? by_sender: the sender asks (only
 * cancel is allowed); otherwise the addressee (acknowledge, done,
 * refused). Closed states (done, refused, cancelled) never change. */
bool mm_req_transition_ok(mm_req_state from, mm_req_state to, bool by_sender);

typedef struct mm_org_request {
    int64_t id;
    mm_req_type type;
    mm_req_state state;
    int64_t from_org, to_org;
    const char *from_name, *to_name;
    mm_kind kind;
    const char *subject;                  /* canonical value (keyed hash for personal kinds) */
    int64_t amount;                       /* yen to hold (freeze), 0 = all */
    const char *case_ref, *note, *answer; /* may be NULL */
    int64_t deadline, created, acknowledged, closed, updated; /* unix s, 0 = not yet */
    bool overdue; /* open and past its deadline (at the time of reading) */
} mm_org_request;

typedef struct mm_org_request_new {
    mm_req_type type;
    int64_t to_org;
    mm_kind kind;
    const char *value;    /* raw; normalised (and hashed for personal kinds) */
    int64_t amount;       /* ≥ 0 */
    const char *case_ref; /* ≤ 100 bytes, may be NULL */
    const char *note;     /* ≤ 2000 bytes, may be NULL */
    int64_t deadline;     /* unix s; 0 → now + default for the type; must be in the future */
} mm_org_request_new;

/* Send. MM_EDENIED (field "type") when the sender's role may not send
 * this type; MM_EINVAL naming "to" (unknown or self), "value", "amount",
 * "deadline", ... The result is filled from a's memory. */
mm_status mm_store_request_send(mm_store *s, int64_t from_org, const mm_org_request_new *r,
                                mm_arena *a, mm_org_request *out, mm_error *err);
/* Get one, as seen by org_id: MM_ENOTFOUND unless org_id is a party. */
mm_status mm_store_request_get(mm_store *s, int64_t id, int64_t org_id, mm_arena *a,
                               mm_org_request *out, mm_error *err);

typedef struct mm_request_query {
    int64_t org_id; /* the caller; only requests it sent or received */
    int direction;  /* 0 both, 1 to the caller, 2 from the caller */
    int state;      /* -1 any; MM_REQ_STATE__COUNT = open (sent or acknowledged) */
    int type;       /* -1 any */
    bool overdue;   /* only open requests past their deadline */
    int64_t cursor; /* ids > cursor */
    int limit;      /* 1..1000 */
} mm_request_query;
mm_status mm_store_request_list(mm_store *s, const mm_request_query *q, mm_arena *a,
                                mm_org_request **out, size_t *n, int64_t *next_cursor,
                                mm_error *err);

/* Move a request to state `to` with an optional answer (≤ 4000 bytes;
 * required for refused). MM_ENOTFOUND (not a party), MM_EDENIED (field
 * "state": the wrong party), MM_ECONFLICT (field "state": illegal
 * transition). */
mm_status mm_store_request_update(mm_store *s, int64_t id, int64_t org_id, mm_req_state to,
                                  const char *answer, mm_arena *a, mm_org_request *out,
                                  mm_error *err);

/* SLA per addressee over the requests org_id sent or received since a
 * time: counts, share closed by the deadline, and answer times. */
typedef struct mm_request_sla {
    int64_t org_id;
    const char *org;
    int64_t received, open, acknowledged, done, refused, cancelled, overdue;
    int64_t closed_on_time;              /* done or refused by the deadline */
    int64_t ack_median_s, ack_p90_s;     /* created → acknowledged (or closed) */
    int64_t close_median_s, close_p90_s; /* created → done / refused */
} mm_request_sla;
mm_status mm_store_request_sla(mm_store *s, int64_t org_id, int64_t since, mm_arena *a,
                               mm_request_sla **out, size_t *n, mm_error *err);

#endif
