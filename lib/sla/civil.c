/* Day numbers <-> dates: the classic era/year-of-era decomposition of the
 * 400-year Gregorian cycle (146097 days), with March as the first month so
 * that the leap day comes last. */
#include "sla/civil.h"

int tr_is_leap_year(int64_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int tr_days_in_month(int64_t year, int month) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && tr_is_leap_year(year)) return 29;
    return days[month - 1];
}

int64_t tr_days_from_civil(int64_t year, int month, int day) {
    year -= month <= 2;
    int64_t era = tr_floor_div(year, 400);
    int64_t yoe = year - era * 400;                                  /* 0..399 */
    int64_t mp = month > 2 ? month - 3 : month + 9;                  /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;                      /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             /* 0..146096 */
    return era * 146097 + doe - 719468;
}

void tr_civil_from_days(int64_t days, int64_t *year, int *month, int *day) {
    int64_t z = days + 719468;
    int64_t era = tr_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}
