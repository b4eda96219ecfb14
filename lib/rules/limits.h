/* Limits that keep hostile rules bounded. */
#ifndef TR_LIMITS_H
#define TR_LIMITS_H

#define TR_MAX_NAME 256             /* bytes in a category, queue, field or rule name */
#define TR_MAX_TERM 4096            /* bytes in a keyword or regex */
#define TR_MAX_WEIGHT 1000000       /* |weight| of a term */
#define TR_MAX_FIELD_WEIGHT 1000    /* weight of a field */
#define TR_MAX_SCORE 1000000000000LL /* |threshold| or compared score */
#define TR_MAX_CATEGORIES 10000
#define TR_MAX_TERMS 1000000
#define TR_MAX_ROUTES 10000
#define TR_MAX_CONDITIONS 256
#define TR_MAX_TIER 100
#define TR_MAX_REGEX_COMPILED (1u << 20) /* bytes of one compiled regex */

#endif
