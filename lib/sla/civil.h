/* Proleptic Gregorian calendar arithmetic on day numbers (days since
 * 1970-01-01), and floor division for instants before 1970. */
#ifndef TR_SLA_CIVIL_H
#define TR_SLA_CIVIL_H

#include <stdint.h>

/* Floor division and the matching non-negative remainder (b > 0). */
static inline int64_t tr_floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}
static inline int64_t tr_floor_mod(int64_t a, int64_t b) { return a - tr_floor_div(a, b) * b; }

/* Day number of a valid date (month 1..12, day 1..31). */
int64_t tr_days_from_civil(int64_t year, int month, int day);
/* The date of a day number. */
void tr_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
int tr_is_leap_year(int64_t year);
int tr_days_in_month(int64_t year, int month);
/* 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
static inline int tr_weekday(int64_t days) { return (int)tr_floor_mod(days + 3, 7); }

#endif
