/*
 * arena.c — bump allocator for per-request memory.
 *
 * Screening and request handling allocate many small strings whose lives
 * all end together; an arena makes that one free and keeps the pure core
 * free of ownership bookkeeping. Blocks form a singly linked list; requests
 * larger than the block size get a block of their own. A reset keeps the
 * standard-size blocks (up to ARENA_SPARE) for the next request, so a big
 * message does not malloc and free the same blocks every time.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/core.h"

typedef struct block {
    struct block *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    _Alignas(16) unsigned char data[];
} block;

/* Standard-size blocks a reset keeps for reuse (beyond the current one). */
#define ARENA_SPARE 16

struct mm_arena {
    block *head;  /* current block, most recent first */
    block *spare; /* emptied standard-size blocks, ready for reuse */
    size_t nspare;
    size_t block_size;
    size_t total_used;
};

static block *block_new(size_t size)
{
    block *b = malloc(sizeof(block) + size);
    if (b == NULL)
        return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

mm_arena *mm_arena_new(size_t block_size)
{
    mm_arena *a = calloc(1, sizeof *a);
    if (a == NULL)
        return NULL;
    a->block_size = block_size ? block_size : 16384;
    a->head = block_new(a->block_size);
    if (a->head == NULL) {
        free(a);
        return NULL;
    }
    return a;
}

void mm_arena_free(mm_arena *a)
{
    if (a == NULL)
        return;
    for (int list = 0; list < 2; list++) {
        block *b = list ? a->spare : a->head;
        while (b) {
            block *next = b->next;
            free(b);
            b = next;
        }
    }
    free(a);
}

void mm_arena_reset(mm_arena *a)
{
    if (a == NULL)
        return;
    /* standard-size blocks go to the spare list (up to ARENA_SPARE), the
     * rest (one big allocation each) are freed */
    block *b = a->head;
    while (b) {
        block *next = b->next;
        if (b->size == a->block_size && a->nspare < ARENA_SPARE + 1) {
            b->used = 0;
            b->next = a->spare;
            a->spare = b;
            a->nspare++;
        } else {
            free(b);
        }
        b = next;
    }
    a->head = NULL;
    if (a->spare) {
        a->head = a->spare;
        a->spare = a->spare->next;
        a->head->next = NULL;
        a->nspare--;
    }
    a->total_used = 0;
}

void *mm_arena_alloc(mm_arena *a, size_t size)
{
    assert(a != NULL);
    size_t need = (size + 15) & ~(size_t)15;
    if (need < size)
        return NULL; /* overflow */
    block *b = a->head;
    if (b == NULL || b->size - b->used < need) {
        block *nb;
        if (need <= a->block_size && a->spare) {
            nb = a->spare;
            a->spare = nb->next;
            a->nspare--;
        } else {
            nb = block_new(need > a->block_size ? need : a->block_size);
            if (nb == NULL)
                return NULL;
        }
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total_used += need;
    return p;
}

void *mm_arena_calloc(mm_arena *a, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = mm_arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *mm_arena_strndup(mm_arena *a, const char *s, size_t n)
{
    char *p = mm_arena_alloc(a, n + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *mm_arena_strdup(mm_arena *a, const char *s)
{
    return s ? mm_arena_strndup(a, s, strlen(s)) : NULL;
}

char *mm_arena_printf(mm_arena *a, const char *fmt, ...)
{
    va_list ap;
    /* most strings fit the current block: format once, straight into it */
    block *b = a->head;
    if (b && b->size > b->used) {
        size_t room = b->size - b->used;
        va_start(ap, fmt);
        int n = vsnprintf((char *)b->data + b->used, room, fmt, ap);
        va_end(ap);
        size_t need = n >= 0 ? ((size_t)n + 1 + 15) & ~(size_t)15 : 0;
        if (n >= 0 && need <= room) {
            char *p = (char *)b->data + b->used;
            b->used += need;
            a->total_used += need;
            return p;
        }
    }
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = mm_arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t mm_arena_used(const mm_arena *a)
{
    return a ? a->total_used : 0;
}
