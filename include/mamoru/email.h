/*
 * email.h — e-mail input for screening (issue 4 §2): one RFC 5322 / MIME
 * message in, the decoded parts a fraud screener needs out — sender address
 * and display name, subject, the readable UTF-8 text, the links of HTML
 * parts with what the reader sees for each, and the receiving MTA's
 * Authentication-Results — then handed to mm_screen_message.
 *
 * Pure: the parser works on a buffer, allocates only from the caller's
 * arena (plus short-lived heap scratch it frees itself) and never reads a
 * file. Charsets are converted with glibc's iconv (no extra library);
 * ISO-2022-JP has its own decoder so that the Microsoft extensions Japanese
 * mailers send (NEC row 13 "①㈱", IBM rows 89–92, half-width katakana)
 * decode instead of failing. Malformed input is decoded on a best-effort
 * basis (flags say what was repaired); only input that is not a message at
 * all, or is over the size limit, is an error.
 */
#ifndef MAMORU_EMAIL_H
#define MAMORU_EMAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mamoru/core.h"
#include "mamoru/screen_message.h"

/* Limits. Over MAX_BYTES the parse fails with MM_ELIMIT; over the others
 * the rest is skipped and MM_EMAIL_F_TRUNCATED is set. */
#define MM_EMAIL_MAX_BYTES (10u << 20) /* whole message */
#define MM_EMAIL_MAX_PARTS 256         /* MIME entities, the message itself included */
#define MM_EMAIL_MAX_DEPTH 16          /* multipart / message nesting */
#define MM_EMAIL_MAX_TEXT (2u << 20)   /* decoded text kept, bytes */
#define MM_EMAIL_MAX_LINKS 512
#define MM_EMAIL_MAX_HEADERS 500 /* top-level header fields kept */

/* What the parser had to repair or leave out (mm_email_msg.flags). */
enum {
    MM_EMAIL_F_TRUNCATED = 1u << 0,     /* a limit cut parts, text or links */
    MM_EMAIL_F_BAD_BOUNDARY = 1u << 1,  /* multipart without boundary, or no closing delimiter */
    MM_EMAIL_F_BAD_HEADER = 1u << 2,    /* a header line without a colon ended a header block */
    MM_EMAIL_F_BAD_FROM = 1u << 3,      /* From missing or not a valid address */
    MM_EMAIL_F_DUP_FROM = 1u << 4,      /* more than one From (the first is used) */
    MM_EMAIL_F_DUP_SUBJECT = 1u << 5,   /* more than one Subject (the first is used) */
    MM_EMAIL_F_BAD_CHARSET = 1u << 6,   /* unknown charset label; bytes were sniffed */
    MM_EMAIL_F_DECODE_ERRORS = 1u << 7, /* invalid bytes replaced by U+FFFD */
    MM_EMAIL_F_HTML_ONLY = 1u << 8,     /* the text comes from HTML (no text/plain) */
    MM_EMAIL_F_HIDDEN_HTML = 1u << 9,   /* HTML had hidden elements (not in text) */
    MM_EMAIL_F_PLAIN_DECOY = 1u << 10,  /* text/plain said far less than its HTML twin: HTML used */
};

/* One header field: name as written, value unfolded (CRLF/LF before
 * white space removed) and trimmed, raw bytes (RFC 2047 not decoded). */
typedef struct mm_email_header {
    const char *name;
    const char *value;
} mm_email_header;

/* A part that was not read as text (attachments, images, ...). */
typedef struct mm_email_attachment {
    const char *content_type; /* lower case "application/pdf" */
    const char *filename;     /* decoded UTF-8, or NULL */
    size_t size;              /* encoded size in the message */
} mm_email_attachment;

/* The parsed message. Every string is NUL-terminated UTF-8 in the arena
 * passed to mm_email_parse (header values in `headers` excepted: those are
 * the raw bytes); NULL when absent. */
typedef struct mm_email_msg {
    const char *from;         /* canonical address (mm_norm_email), NULL when invalid */
    const char *from_addr;    /* the addr-spec as written (may be invalid), or NULL */
    const char *from_domain;  /* ASCII domain of `from`, or NULL */
    const char *display_name; /* decoded From display name (or comment), or NULL */
    const char *reply_to;     /* first Reply-To addr-spec as written, or NULL */
    const char *return_path;  /* Return-Path addr-spec, or NULL */
    const char *subject;      /* decoded Subject, or NULL */
    const char *message_id;   /* raw Message-ID, or NULL */
    const char *text;         /* readable text of every text part, joined; "" when none */
    size_t text_len;
    mm_link *links; /* <a href>, <area href>, <form action> of HTML parts, in order */
    size_t nlinks;
    const char *auth_results; /* every Authentication-Results value, top first, '\n'-joined */
    unsigned received;        /* number of Received header fields */
    unsigned nparts;          /* MIME entities seen (the message itself included) */
    mm_email_attachment *attachments;
    size_t nattachments;
    mm_email_header *headers; /* top-level header fields in order */
    size_t nheaders;
    unsigned flags; /* MM_EMAIL_F_* */
} mm_email_msg;

/* Parse raw[0..len) (any line endings; a leading mbox "From " line is
 * skipped). Fills *out from arena a. Errors: MM_EINVAL field "message"
 * when the input is empty or does not start with a header field (the
 * message quotes the first line); MM_ELIMIT field "message" over
 * MM_EMAIL_MAX_BYTES; MM_ENOMEM. Anything else is decoded best-effort.
 *   mm_email_msg m;
 *   if (mm_email_parse(buf, n, arena, &m, &err) == MM_OK) puts(m.subject);
 */
mm_status mm_email_parse(const char *raw, size_t len, mm_arena *a, mm_email_msg *out,
                         mm_error *err);

/* The screening input for a parsed message: channel "email", sender =
 * canonical From (or the address as written when invalid), display name,
 * subject, text, links and Authentication-Results. Strings point into m. */
void mm_email_to_message(const mm_email_msg *m, mm_message *out);

/* Does a link's visible text show a host whose registrable domain differs
 * from its href's ("https://www.bank.example/" shown, href to
 * evil.test)? Returns true and sets *shown / *actual (arena strings,
 * registrable domains) when so. Visible text that names no domain
 * ("こちら", "click here") never counts. */
bool mm_email_link_mismatch(const mm_link *l, mm_arena *a, const char **shown, const char **actual);

/* Add one EMAIL_LINK_MISMATCH reason (category "phishing", span 0,0,
 * detail naming both domains) per distinct mismatching link of m, at most
 * 5, unless v already has a LINK_TEXT_MISMATCH (the message screener's own
 * check) or EMAIL_LINK_MISMATCH reason naming the same two domains: one
 * piece of evidence counts once. Call after the detectors, before
 * mm_verdict_finish. */
mm_status mm_email_add_link_reasons(const mm_email_msg *m, mm_arena *a, mm_verdict *v);

/* Weight of EMAIL_LINK_MISMATCH: alone it reaches "warn", with one more
 * sign of fraud it reaches "hold". */
#define MM_EMAIL_LINK_MISMATCH_WEIGHT 50

/* The request of POST /v1/screen/email (JSON form) and of each line of
 * `mamoru screen email --jsonl`: {"raw": "<the whole message>"} or, for
 * messages with 8-bit bytes that are not UTF-8, {"raw_base64": "..."};
 * optional "recipient": {"age": 0..150, "intl_optout": bool}. Exactly one
 * of raw / raw_base64; unknown fields are refused (MM_EINVAL naming the
 * field). Parses the message into *m and fills *r (zeroed when absent). */
struct json_t;
mm_status mm_email_request_parse(const struct json_t *obj, mm_arena *a, mm_email_msg *m,
                                 mm_recipient *r, mm_error *err);

/* Parse + screen in one call: mm_email_to_message, mm_screen_message, the
 * link-mismatch reasons, then score and warnings again. */
mm_status mm_email_screen(const mm_screen_ctx *ctx, const mm_email_msg *m, const mm_recipient *r,
                          mm_arena *a, mm_verdict *out, mm_error *err);

#endif
