/*
 * buf.c — growable heap byte strings (for responses, exports, JSON lines).
 *
 * Always NUL-terminated so the contents can be handed to C string APIs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/core.h"

static mm_status reserve(mm_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return MM_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return MM_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (p == NULL)
        return MM_ENOMEM;
    b->data = p;
    b->cap = cap;
    return MM_OK;
}

mm_status mm_buf_reserve(mm_buf *b, size_t extra)
{
    if (reserve(b, extra) != MM_OK)
        return MM_ENOMEM;
    b->data[b->len] = '\0';
    return MM_OK;
}

mm_status mm_buf_append(mm_buf *b, const void *p, size_t n)
{
    if (reserve(b, n) != MM_OK)
        return MM_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return MM_OK;
}

mm_status mm_buf_puts(mm_buf *b, const char *s)
{
    return mm_buf_append(b, s, strlen(s));
}

mm_status mm_buf_putc(mm_buf *b, char c)
{
    return mm_buf_append(b, &c, 1);
}

mm_status mm_buf_printf(mm_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != MM_OK)
        return MM_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return MM_OK;
}

void mm_buf_reset(mm_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void mm_buf_free(mm_buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
