/*
 * core.h — the few types every mamoru module shares: status codes, the error
 * record that names the offending field and value, per-request arenas, a
 * growable byte buffer and the indicator kind enumeration.
 *
 * Why here: the conventions ask for one error enum used everywhere and for
 * per-request memory from an arena, so both live below every other module.
 */
#ifndef MAMORU_CORE_H
#define MAMORU_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Status codes: 0 is success, every failure is negative. */
typedef int mm_status;
enum {
    MM_OK = 0,
    MM_EINVAL = -1,    /* bad input: the error names field and value */
    MM_ENOMEM = -2,    /* allocation failed */
    MM_ENOTFOUND = -3, /* no such object */
    MM_ECONFLICT = -4, /* state conflict, e.g. illegal status transition */
    MM_EIO = -5,       /* storage or system I/O failed */
    MM_EDENIED = -6,   /* the caller's role may not do this */
    MM_EEXIST = -7,    /* already exists */
    MM_ELIMIT = -8,    /* a size or count limit was exceeded */
    MM_EAUTH = -9,     /* missing or invalid credentials */
};

/* An error record: code, the input field at fault (may be empty) and a
 * human message that quotes the offending value. Fixed-size so it can live
 * on the stack of any caller. */
typedef struct mm_error {
    mm_status code;
    char field[48];
    char message[320];
} mm_error;

/* Fill err (if non-NULL) and return code. The message is printf-style.
 *   return mm_error_set(err, MM_EINVAL, "phone", "'%s' has too many digits", in);
 */
mm_status mm_error_set(mm_error *err, mm_status code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reset err to "no error". Accepts NULL. */
void mm_error_clear(mm_error *err);

/* Stable lower-case name of a status ("ok", "invalid", "not_found", ...),
 * used as the "code" of API errors. */
const char *mm_status_name(mm_status code);

/* ---- arena ------------------------------------------------------------
 * A bump allocator. Allocations live until mm_arena_reset or mm_arena_free;
 * nothing is freed individually. Not thread-safe: one arena per request. */
typedef struct mm_arena mm_arena;

/* New arena whose blocks are at least block_size bytes (0 = 16 KiB).
 * Returns NULL when out of memory. Free with mm_arena_free. */
mm_arena *mm_arena_new(size_t block_size);
/* Release every block. Accepts NULL. */
void mm_arena_free(mm_arena *a);
/* Forget every allocation but keep the first block for reuse. */
void mm_arena_reset(mm_arena *a);
/* size bytes aligned to 16; NULL when out of memory. */
void *mm_arena_alloc(mm_arena *a, size_t size);
/* Zeroed allocation of n * size bytes (overflow-checked). */
void *mm_arena_calloc(mm_arena *a, size_t n, size_t size);
/* NUL-terminated copies. */
char *mm_arena_strdup(mm_arena *a, const char *s);
char *mm_arena_strndup(mm_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *mm_arena_printf(mm_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for tests and metrics). */
size_t mm_arena_used(const mm_arena *a);

/* ---- buffer -----------------------------------------------------------
 * A growable byte string on the heap, always NUL-terminated.
 *   mm_buf b = {0}; mm_buf_puts(&b, "x"); ...; mm_buf_free(&b);
 * Append functions return MM_OK or MM_ENOMEM. */
typedef struct mm_buf {
    char *data;
    size_t len;
    size_t cap;
} mm_buf;

/* Room for extra more bytes in one allocation (when the size is known). */
mm_status mm_buf_reserve(mm_buf *b, size_t extra);
mm_status mm_buf_append(mm_buf *b, const void *p, size_t n);
mm_status mm_buf_puts(mm_buf *b, const char *s);
mm_status mm_buf_putc(mm_buf *b, char c);
mm_status mm_buf_printf(mm_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void mm_buf_reset(mm_buf *b);
void mm_buf_free(mm_buf *b);

/* ---- indicator kinds --------------------------------------------------
 * What an indicator is. Numbering is stable: stored in snapshots. */
typedef enum mm_kind {
    MM_KIND_PHONE = 0,
    MM_KIND_URL,
    MM_KIND_DOMAIN,
    MM_KIND_IP,
    MM_KIND_BANK_ACCOUNT,
    MM_KIND_CRYPTO_ADDRESS,
    MM_KIND_CARD,
    MM_KIND_EMAIL,
    MM_KIND_SNS_ACCOUNT,
    MM_KIND_IDENTITY,
    MM_KIND_POSTAL_ADDRESS,
    MM_KIND_BUSINESS,
    MM_KIND__COUNT
} mm_kind;

/* "phone", "url", ... ; NULL for an out-of-range value. */
const char *mm_kind_name(mm_kind k);
/* Parse a kind name (exact, lower case). Returns MM_OK or MM_EINVAL with
 * field "kind" and the list of valid names in the message. */
mm_status mm_kind_parse(const char *name, mm_kind *out, mm_error *err);
/* Personal-data kinds (identity, card, postal_address) are stored only as
 * keyed hashes. Bank-account holder names are hashed separately. */
int mm_kind_is_personal(mm_kind k);
/* Kinds whose value space can be enumerated (phone, bank_account, card,
 * identity, postal_address, email): published hashes must be keyed. */
int mm_kind_is_enumerable(mm_kind k);

#endif
