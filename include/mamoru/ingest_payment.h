/*
 * ingest_payment.h — reading payment events and frozen-account notices
 * from their outside formats (issue 5): the JSON event of the API and
 * JSONL files, the Zengin 総合振込 fixed-length file (Shift_JIS, 120-byte
 * records), and the DIC 振り込め詐欺救済法 notice records.
 *
 * Every parser works on a buffer already in memory (the CLI and the
 * server read files and bodies) and reports problems per record, naming
 * the record (or line) number and the field, so good records are kept.
 * Results are allocated from the caller's arena.
 */
#ifndef MAMORU_INGEST_PAYMENT_H
#define MAMORU_INGEST_PAYMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/norm.h"
#include "mamoru/payment.h"
#include "mamoru/screen.h"

/* ---- payment event JSON (src/ingest/payment_json.c) --------------------- */

/* One event object → *out. Fields: id, type, time (RFC 3339 or unix
 * seconds), amount (integer yen; optional for ib_login), from / to
 * {account, name, age, customer_id}, channel (atm ib branch store app),
 * flags [strings], requester, session. Unknown fields are refused.
 * Accounts are normalised (mm_norm_account with codes, which may be
 * NULL). Strings are arena copies. MM_EINVAL names the field
 * ("from.account", "flags[2]", ...) and quotes the value. */
mm_status mm_payment_from_json(const json_t *obj, const mm_zengin *codes, mm_arena *a,
                               mm_payment *out, mm_error *err);
/* The same from text (one JSON object). */
mm_status mm_payment_parse(const char *text, size_t len, const mm_zengin *codes, mm_arena *a,
                           mm_payment *out, mm_error *err);
/* The event as JSON (accounts canonical; new reference). */
json_t *mm_payment_to_json(const mm_payment *p);

/* A payment verdict as JSON: the common verdict form {action, score,
 * category, reasons[{code, category?, detail, weight, indicator?,
 * text_ja?, audience?}], warning?} plus "id" (the event's) when ev is
 * given: mm_verdict_to_json (ingest.h). Used by the API and the CLI alike.
 * New reference. */
json_t *mm_payment_verdict_json(const mm_verdict *v, const mm_payment *ev);

/* RFC 3339 date-time ("2025-06-01T09:30:00+09:00", fractional seconds
 * ignored) or "YYYY-MM-DD" → unix seconds. MM_EINVAL naming field. */
mm_status mm_time_parse_rfc3339(const char *s, const char *field, int64_t *out, mm_error *err);

/* ---- requests between organisations as JSON (src/ingest/request_json.c) ---- */

struct mm_org_request;
struct mm_request_sla;
/* {id, type, state, from:{id,name}, to:{id,name}, subject:{kind,value},
 *  amount, case_ref?, note?, answer?, deadline, created, acknowledged?,
 *  closed?, updated, overdue} with RFC 3339 UTC times. New reference. */
json_t *mm_request_to_json(const struct mm_org_request *r);
json_t *mm_request_sla_to_json(const struct mm_request_sla *s);
/* RFC 3339 UTC text of unix seconds into out (≥ 21 bytes). */
void mm_time_format_rfc3339(int64_t t, char out[32]);

/* ---- payment rules files (src/ingest/load_payment.c) --------------------- */

/* Read data_dir/payment_rules.tsv and data_dir/exchange_accounts.tsv (the
 * latter optional) into *out. No rules file → MM_OK with *out NULL
 * (payment screening then uses the snapshot alone). A malformed file →
 * MM_EINVAL naming the file and line. */
mm_status mm_payment_rules_load(const char *data_dir, mm_payment_rules **out, mm_error *err);

/* ---- Zengin 総合振込 file (src/ingest/zengin.c) --------------------------- */

/* One problem with one record. recno is 1-based (0 = the file as a whole). */
typedef struct mm_zengin_issue {
    long recno;
    const char *field;   /* "amount", "payee_name", "record_type", "count", ... */
    const char *message; /* names the Japanese field, the bytes and the value */
} mm_zengin_issue;

/* A header record (データ区分 1): the requesting company and its account. */
typedef struct mm_zengin_header {
    long recno;
    char type_code[3];       /* "21" 総合振込, "11" 給与, "12" 賞与, "91" 口座振替 */
    char requester_code[11]; /* 委託者コード */
    const char *requester;   /* 依頼人名, UTF-8 (half-width kana decoded as is) */
    int month, day;          /* 振込指定日 */
    char bank[5], branch[4];
    int acct_type;
    char number[8];
    const char *account; /* canonical, or NULL when the header's account is invalid */
} mm_zengin_header;

/* A data record (データ区分 2) that passed every check. */
typedef struct mm_zengin_record {
    long recno;
    int header; /* index into headers */
    char bank[5], branch[4];
    int acct_type;
    char number[8];
    const char *account;   /* canonical "0001-001-1-1234567" */
    const char *payee;     /* 受取人名, UTF-8 */
    const char *bank_name; /* 被仕向銀行名 as written, UTF-8 */
    const char *branch_name;
    int64_t amount;
    int new_code;                      /* 0, 1 first transfer, 2 changed */
    char customer1[11], customer2[11]; /* 顧客コード, or the EDI text when edi */
    bool edi;
} mm_zengin_record;

typedef struct mm_zengin_file {
    int record_len; /* 120, 121 (LF) or 122 (CRLF) */
    long nrecords_total;
    mm_zengin_header *headers;
    size_t nheaders;
    mm_zengin_record *records; /* good data records only */
    size_t nrecords;
    mm_zengin_issue *issues; /* rejected records and file-level findings, in order */
    size_t nissues;
    long rejected; /* data records not kept */
} mm_zengin_file;

/* Parse a whole file. codes (may be NULL) checks bank and branch codes.
 * Per-record problems go to out->issues and the record is dropped; the
 * trailer's 合計件数 / 合計金額 are compared with the data records of its
 * batch (a mismatch is an issue on the trailer record). Returns MM_EINVAL
 * only when the file as a whole is unusable (empty, no header record,
 * EBCDIC, record boundaries not found); err says why. */
mm_status mm_zengin_file_parse(const char *buf, size_t len, const mm_zengin *codes, mm_arena *a,
                               mm_zengin_file *out, mm_error *err);

/* Data record → a transfer event: from = the header's account and
 * requester, to = the payee (reversed for 口座振替 "91"), time = 09:00 JST
 * on the designated date in the year that puts it nearest to ref_time (the
 * file has no year), id = "<id_prefix>:<recno>". */
mm_status mm_zengin_record_payment(const mm_zengin_file *f, const mm_zengin_record *r,
                                   const char *id_prefix, int64_t ref_time, mm_arena *a,
                                   mm_payment *out, mm_error *err);

/* ---- DIC frozen-account notices (src/ingest/dic.c) ------------------------ */

typedef enum mm_dic_notice {
    MM_DIC_START = 0,    /* 債権消滅手続開始: the account is frozen as a crime account */
    MM_DIC_EXTINGUISHED, /* 消滅: the claim was extinguished (stays listed) */
    MM_DIC_PAYMENT,      /* 被害回復分配金支払手続開始 / 終了 (stays listed) */
    MM_DIC_RIGHTS,       /* 権利行使の届出等: the holder objected (retracts) */
    MM_DIC_NOT_CRIME,    /* 犯罪利用預金口座等でない: retracts the listing */
    MM_DIC__COUNT
} mm_dic_notice;

const char *mm_dic_notice_name(mm_dic_notice n); /* "start", "extinguished", ... */
/* Accepts the English names and the Japanese labels (債権消滅手続開始, ...). */
mm_status mm_dic_notice_parse(const char *s, mm_dic_notice *out, mm_error *err);
/* Does this notice kind take the account off the list? */
bool mm_dic_notice_retracts(mm_dic_notice n);

#define MM_DIC_MAX_UPSTREAM 8

typedef struct mm_dic_record {
    long line;             /* 1-based line in the file */
    const char *record_no; /* 2505-9900-0335 */
    mm_dic_notice notice;
    const char *account;                 /* canonical bank account */
    const char *bank_name, *branch_name; /* as given, may be NULL */
    const char *holder;                  /* normalised holder name (mm_norm_holder) */
    int64_t amount;                      /* 対象預金等債権の額, yen (★ dropped) */
    int64_t suspended;      /* 取引停止等の措置時期, unix seconds, 0 unknown */
    int64_t published;      /* 公告日, unix seconds */
    int64_t transfer_month; /* 移転元の振込み時期 (first day, JST), 0 unknown */
    const char *upstream[MM_DIC_MAX_UPSTREAM]; /* 資金の移転元となった預金口座, canonical */
    int nupstream;
} mm_dic_record;

typedef struct mm_dic_issue {
    long line;
    const char *field;
    const char *message;
} mm_dic_issue;

/* Parse the notice file: TSV (first line = header naming the columns,
 * see docs/payments.md) or JSONL (one object per line, same names).
 * Bad lines go to issues and are skipped. MM_EINVAL only when the file is
 * unusable (no header / unknown required columns). */
mm_status mm_dic_parse(const char *buf, size_t len, const mm_zengin *codes, mm_arena *a,
                       mm_dic_record **out, size_t *n, mm_dic_issue **issues, size_t *nissues,
                       mm_error *err);

/* What applying one notice did (src/ingest/dic_apply.c). */
typedef struct mm_dic_outcome {
    bool duplicate;          /* this (record_no, notice) was applied before: nothing done */
    bool listed;             /* the account was reported: frozen_account, status actioned */
    bool retracted;          /* a listing was set to false_positive */
    bool nothing_to_retract; /* a retraction for an account that was not listed */
    int64_t indicator_id;    /* the account's indicator, 0 = none */
    int edges;               /* upstream → account edges stored (flag "dic_upstream") */
} mm_dic_outcome;

/* Apply one notice to the store as org_id: a freezing notice (start,
 * extinguished, payment) reports the account as a bank_account indicator
 * (category frozen_account, confidence 90, then status actioned; the holder
 * kept as its keyed hash, the notice as evidence) and stores each
 * upstream link as a transfer event with the flag "dic_upstream" (amount
 * 0; time = the transfer month, else the suspension or publication date);
 * a retracting notice (rights, not_crime) sets the account's indicator to
 * false_positive. Idempotent per (record_no, notice). */
mm_status mm_dic_apply(mm_store *s, int64_t org_id, const mm_dic_record *r, mm_arena *a,
                       mm_dic_outcome *out, mm_error *err);

#endif
