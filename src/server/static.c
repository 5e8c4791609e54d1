/*
 * static.c — serves the analyst console (web/) at / and /console/ straight
 * from cfg->web_dir, read-only, without authentication (the console itself
 * asks for an API key and calls /v1).
 *
 * Why two checks: mm_server_static_path refuses "..", hidden segments and
 * control bytes syntactically; then the file's realpath must still lie
 * under the web root, which also catches symbolic links pointing out of it.
 * Files are sent with MHD_create_response_from_fd (sendfile), so a large
 * asset costs no copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/internal.h"

static void not_found(mm_request *rq)
{
    mm_server_reply_error(rq, MM_ENOTFOUND, "path", "no such file: %.100s", rq->url);
}

void mm_server_route_static(mm_request *rq, const char *const *p, size_t n)
{
    const char *root = rq->srv->web_root;
    if (root == NULL) {
        not_found(rq);
        return;
    }
    /* "/console" without the slash: send the browser to the directory so
     * relative asset links resolve */
    if (strcmp(rq->url, "/console") == 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (r) {
            MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, "/console/");
            mm_server_reply_response(rq, MHD_HTTP_MOVED_PERMANENTLY, r);
        }
        return;
    }
    const char *rel = mm_server_static_path(rq->url, rq->arena);
    if (rel == NULL) {
        not_found(rq);
        return;
    }
    char *full = mm_arena_printf(rq->arena, "%s/%s", root, rel);
    if (full == NULL)
        return;
    char *real = realpath(full, NULL);
    size_t rl = strlen(root);
    if (real == NULL || strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) {
        free(real);
        not_found(rq);
        return;
    }
    struct stat st;
    int fd = open(real, O_RDONLY | O_CLOEXEC);
    free(real);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        not_found(rq);
        return;
    }
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (r == NULL) {
        close(fd);
        return;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, mm_server_content_type(rel));
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    mm_server_reply_response(rq, MHD_HTTP_OK, r);
}
