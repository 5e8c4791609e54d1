/*
 * hash.c — SHA-256 and keyed HMAC-SHA-256 as lower-case hex.
 *
 * Personal data (card numbers, identities, addresses, bank-holder names) is
 * stored only as HMAC under the deployment's key, and the published hashes
 * of enumerable kinds are keyed so that nobody can rebuild the list by
 * hashing every phone number. OpenSSL does the cryptography; this file only
 * fixes the output format (64 hex chars + NUL) used across the store, the
 * snapshot and the feeds. Pure: no I/O.
 */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

#include "mamoru/intel.h"

static void to_hex(const unsigned char *md, unsigned n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * n] = '\0';
}

/* On an OpenSSL failure (which only happens when memory runs out) the
 * output is the empty string, which never matches a stored hash. */
void mm_hmac_hex(const uint8_t *key, size_t keylen, const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const unsigned char empty;
    if (HMAC(EVP_sha256(), key ? (const void *)key : &empty, (int)keylen, data ? data : &empty, len,
             md, &n) == NULL ||
        n != 32) {
        out[0] = '\0';
        return;
    }
    to_hex(md, n, out);
}

void mm_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const unsigned char empty;
    if (!EVP_Digest(data ? data : &empty, len, md, &n, EVP_sha256(), NULL) || n != 32) {
        out[0] = '\0';
        return;
    }
    to_hex(md, n, out);
}
