/*
 * screen_message.h — screening at first contact: SMS, e-mail bodies, SNS
 * and app messages, recruitment posts and calls (issue 4).
 *
 * Pure: everything here works on the immutable mm_screen_ctx (snapshot +
 * message model) and allocates from the caller's arena. E-mail parsing
 * (MIME, charsets, HTML) lives in src/ingest/email*.c and hands the decoded
 * text, links and authentication results to mm_screen_message.
 */
#ifndef MAMORU_SCREEN_MESSAGE_H
#define MAMORU_SCREEN_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "mamoru/screen.h"

/* Who receives the message or call. */
typedef struct mm_recipient {
    int age;           /* 0 = unknown */
    bool intl_optout;  /* has opted out of international calls */
} mm_recipient;

/* A link found in HTML: where it goes, and what the reader sees. */
typedef struct mm_link {
    const char *href;
    const char *text; /* visible text, may be NULL */
} mm_link;

typedef struct mm_message {
    const char *channel;  /* "sms", "email", "sns_dm", "app" */
    const char *sender;   /* phone, short code, e-mail address or platform account id; may be NULL */
    const char *display_name; /* e-mail From display name, may be NULL */
    const char *subject;  /* e-mail subject, may be NULL */
    const char *text;     /* UTF-8 body (e-mail: decoded text) */
    size_t text_len;
    const mm_link *links; /* links from HTML parts (href + visible text), may be NULL */
    size_t nlinks;
    const char *auth_results; /* raw Authentication-Results header value(s), may be NULL */
    mm_recipient recipient;
} mm_message;

/* Screen one message. Fills *out (reasons with spans into msg->text,
 * score, action, category, warning). MM_EINVAL for invalid UTF-8 etc. */
mm_status mm_screen_message(const mm_screen_ctx *ctx, const mm_message *msg, mm_arena *a,
                            mm_verdict *out, mm_error *err);

/* Is this SNS / job-site post crime recruitment (闇バイト)? */
mm_status mm_screen_post(const mm_screen_ctx *ctx, const char *text, size_t len, mm_arena *a,
                         mm_verdict *out, mm_error *err);

typedef struct mm_call {
    const char *caller;       /* as displayed / signalled */
    const char *claimed_name; /* caller-id name claim, e.g. "警察", may be NULL */
    bool via_gateway;         /* arrived through an international or IP gateway */
    mm_recipient callee;
} mm_call;

mm_status mm_screen_call(const mm_screen_ctx *ctx, const mm_call *call, mm_arena *a,
                         mm_verdict *out, mm_error *err);

#endif
