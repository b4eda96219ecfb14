/* libtriage: version, export macro, status codes and the host allocator.
 *
 * Everything in this header is part of the stable ABI (symbol node TRIAGE_1):
 * status values are frozen, new codes are only ever added. */
#ifndef TRIAGE_COMMON_H
#define TRIAGE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRIAGE_VERSION_MAJOR 1
#define TRIAGE_VERSION_MINOR 0
#define TRIAGE_VERSION_PATCH 0
#define TRIAGE_VERSION_STRING "1.0.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with triage_version_number() */
#define TRIAGE_VERSION_NUMBER \
    (TRIAGE_VERSION_MAJOR * 10000 + TRIAGE_VERSION_MINOR * 100 + TRIAGE_VERSION_PATCH)

#if defined(TRIAGE_BUILDING_LIBRARY) && defined(__GNUC__)
#define TRIAGE_API __attribute__((visibility("default")))
#else
#define TRIAGE_API
#endif

/* Version of the library actually loaded (may differ from the header's). */
TRIAGE_API unsigned triage_version_number(void);
TRIAGE_API const char *triage_version_string(void);

/* ---- Status codes: 0 is success, errors are negative and frozen. ---- */
#define TRIAGE_OK 0
#define TRIAGE_ERR_NOMEM (-1)       /* an allocation failed; nothing changed */
#define TRIAGE_ERR_ARGUMENT (-2)    /* NULL pointer, bad enum or out-of-range value */
#define TRIAGE_ERR_SYNTAX (-3)      /* rules text is not well-formed, or a value has the wrong type */
#define TRIAGE_ERR_RULES (-4)       /* rules are well-formed but invalid (unknown key, undefined name) */
#define TRIAGE_ERR_REGEX (-5)       /* a regular expression does not compile or is refused */
#define TRIAGE_ERR_UTF8 (-6)        /* invalid UTF-8 where strict mode forbids it */
#define TRIAGE_ERR_NOT_FOUND (-7)   /* no such name, index, ticket or file */
#define TRIAGE_ERR_LIMIT (-8)       /* a size, depth or count limit was exceeded */
#define TRIAGE_ERR_IO (-9)          /* reading or writing a file failed */
#define TRIAGE_ERR_RANGE (-10)      /* a number or time is out of range, or arithmetic would overflow */
#define TRIAGE_ERR_STATE (-11)      /* the call is not valid now (event out of order, object finished) */
#define TRIAGE_ERR_TIMEZONE (-12)   /* unknown or unreadable time zone */
#define TRIAGE_ERR_SIGNATURE (-13)  /* a signature is missing, malformed or does not verify */
#define TRIAGE_ERR_CORRUPT (-14)    /* saved state or a log is damaged or truncated */
#define TRIAGE_ERR_UNSUPPORTED (-15) /* a format version or feature this build does not support */
#define TRIAGE_ERR_EXISTS (-16)     /* a name is defined twice */

/* A short, static, human-readable text for a status code ("unknown status"
 * for values this version does not know). Never NULL. */
TRIAGE_API const char *triage_strerror(int status);

/* ---- Host allocator ----
 * Every object is created with an optional allocator (NULL: malloc/free).
 * The allocator must outlive every object created with it. The library never
 * replaces a process-wide allocator; PCRE2 gets the same functions. */
typedef void *(*triage_malloc_fn)(size_t size, void *user);
typedef void (*triage_free_fn)(void *ptr, void *user);
typedef struct triage_allocator triage_allocator;

/* Returns NULL when either function is NULL or the first allocation fails. */
TRIAGE_API triage_allocator *triage_allocator_create(triage_malloc_fn malloc_fn,
                                                     triage_free_fn free_fn, void *user);
TRIAGE_API void triage_allocator_free(triage_allocator *allocator);

#ifdef __cplusplus
}
#endif
#endif
