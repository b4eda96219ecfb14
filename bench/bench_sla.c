/* SLA benchmark: a tracker with 1,000,000 open tickets (bytes per ticket,
 * events per second, cost of fetching what is due) and due-instant
 * computations per second on a business calendar for 1-hour and 1-year
 * budgets, against a plain minute-by-minute walk in the same run.
 *
 * Usage: bench_sla [tickets] (default 1000000). Calendar: Europe/Berlin
 * from the system zoneinfo, Mon-Fri 09:00-12:30 and 13:30-17:00, Sat
 * 10:00-14:00, ten holidays a year for 2026-2036. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <triage/sla.h>

#include "support/prng.h"
#include "support/timing.h"

#define H 3600
#define DAY 86400LL
#define MON 1772409600LL /* 2026-03-02T00:00Z, a Monday */

static const int holidays[][3] = {{1, 1}, {4, 3}, {4, 6}, {5, 1}, {5, 14}, {5, 25},
                                  {10, 3}, {12, 24}, {12, 25}, {12, 26}};

static triage_calendar *office(void) {
    triage_calendar *c = triage_calendar_create(NULL);
    if (triage_calendar_set_zone(c, "Europe/Berlin", 13) != TRIAGE_OK)
        fprintf(stderr, "note: no Europe/Berlin in the system zoneinfo; using UTC\n");
    for (int d = TRIAGE_MONDAY; d <= TRIAGE_FRIDAY; d++) {
        triage_calendar_add_interval(c, d, 9 * H, 12 * H + 1800);
        triage_calendar_add_interval(c, d, 13 * H + 1800, 17 * H);
    }
    triage_calendar_add_interval(c, TRIAGE_SATURDAY, 10 * H, 14 * H);
    for (int y = 2026; y <= 2036; y++)
        for (size_t i = 0; i < sizeof holidays / sizeof *holidays; i++)
            triage_calendar_add_holiday(c, y, holidays[i][0], holidays[i][1]);
    return c;
}

/* ---- The baseline: walk minute by minute, asking "open?" per minute
 * the way a desk would (local time from the zone's offset, weekday,
 * hours, holiday list). ---- */

static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int64_t holiday_days[128];
static size_t nholiday_days;

static int minute_open(const triage_calendar *c, int64_t t) {
    int32_t off = 0;
    triage_calendar_utc_offset(c, t, &off);
    int64_t local = t + off;
    int64_t day = local >= 0 ? local / DAY : (local - DAY + 1) / DAY;
    for (size_t i = 0; i < nholiday_days; i++)
        if (holiday_days[i] == day) return 0;
    int wd = (int)(((day + 3) % 7 + 7) % 7);
    int64_t sec = local - day * DAY;
    if (wd <= 4) return (sec >= 9 * H && sec < 12 * H + 1800) || (sec >= 13 * H + 1800 && sec < 17 * H);
    if (wd == 5) return sec >= 10 * H && sec < 14 * H;
    return 0;
}

/* Budgets in whole minutes from a minute-aligned start. */
static int64_t walk_due(const triage_calendar *c, int64_t start, int64_t budget) {
    int64_t t = start;
    while (budget > 0 || !minute_open(c, t)) {
        if (minute_open(c, t)) budget -= 60;
        t += 60;
    }
    return t;
}

static double rate(double n, double secs) { return secs > 0 ? n / secs : 0; }

static void bench_due(void) {
    triage_calendar *c = office();
    for (int y = 2026; y <= 2036; y++)
        for (size_t i = 0; i < sizeof holidays / sizeof *holidays; i++)
            holiday_days[nholiday_days++] = days_from_civil(y, holidays[i][0], holidays[i][1]);
    bench_prng r;
    bench_prng_seed(&r, 42);
    enum { N = 200000, NWALK_HOUR = 20000, NWALK_YEAR = 20 };
    static int64_t starts[N];
    for (int i = 0; i < N; i++) starts[i] = MON + (int64_t)(bench_prng_next(&r) % (90 * DAY)) / 60 * 60;
    /* 1 hour; a working year (52 x 39 h); ten working years. */
    const int64_t budgets[3] = {H, 52LL * 39 * H, 520LL * 39 * H};
    const char *names[3] = {"1 hour", "1 year", "10 years"};
    const int nwalk[3] = {NWALK_HOUR, NWALK_YEAR, 2};
    printf("due-instant computations, business calendar (Berlin, split shift, Saturdays, holidays):\n");
    double per_lib[3];
    for (int b = 0; b < 3; b++) {
        int64_t sink = 0, due = 0;
        double t0 = bench_cpu_now();
        for (int i = 0; i < N; i++) {
            triage_calendar_due(c, starts[i], budgets[b], NULL, 0, &due);
            sink += due;
        }
        double lib = bench_cpu_now() - t0;
        t0 = bench_cpu_now();
        int mismatches = 0;
        for (int i = 0; i < nwalk[b]; i++) {
            int64_t w = walk_due(c, starts[i], budgets[b]);
            triage_calendar_due(c, starts[i], budgets[b], NULL, 0, &due);
            mismatches += w != due;
        }
        double walk = bench_cpu_now() - t0;
        per_lib[b] = lib / N;
        printf("  %-8s library %12.0f /s (%7.3f us)   minute walk %10.1f /s (%10.3f us)   "
               "ratio %8.0fx   mismatches %d/%d   (checksum %lld)\n",
               names[b], rate(N, lib), 1e6 * lib / N, rate(nwalk[b], walk), 1e6 * walk / nwalk[b],
               (walk / nwalk[b]) / (lib / N), mismatches, nwalk[b], (long long)(sink % 1000));
    }
    printf("  cost relative to 1 hour: 1 year %.2fx, 10 years %.2fx\n", per_lib[1] / per_lib[0],
           per_lib[2] / per_lib[0]);
    triage_calendar_free(c);
}

static void bench_tracker(size_t n) {
    triage_calendar *c = office();
    triage_sla_policy *std = triage_sla_policy_create(NULL, "standard", 8);
    triage_sla_policy_set_calendar(std, c);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_FIRST_RESPONSE, 4 * H, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_NEXT_RESPONSE, 8 * H, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_PERIODIC_UPDATE, 24 * H, 0);
    triage_sla_policy_set_target(std, TRIAGE_METRIC_RESOLUTION, 3 * 24 * H, 0);
    triage_sla_policy_add_pause_status(std, "pending", 7);
    triage_sla_policy_add_warning(std, 0.75);
    triage_sla_policy_add_escalation(std, 0, 1, -1);
    triage_sla_policy_add_escalation(std, H, 1, TRIAGE_PRIORITY_URGENT);
    triage_sla_policy *urgent = triage_sla_policy_create(NULL, "urgent", 6);
    triage_sla_policy_set_target(urgent, TRIAGE_METRIC_FIRST_RESPONSE, 1800, 0);
    triage_sla_policy_set_target(urgent, TRIAGE_METRIC_NEXT_RESPONSE, H, 0);
    triage_sla_policy_set_target(urgent, TRIAGE_METRIC_RESOLUTION, 8 * H, 0);
    triage_sla_policy_add_warning(urgent, 0.75);
    triage_sla_policy_add_escalation(urgent, 0, 1, -1);
    triage_tracker *t = triage_tracker_create(NULL);
    triage_tracker_add_policy(t, std);
    triage_tracker_add_policy(t, urgent);
    triage_tracker_set_default_policy(t, "standard", 8);
    triage_tracker_set_priority_policy(t, TRIAGE_PRIORITY_URGENT, "urgent", 6);

    bench_prng r;
    bench_prng_seed(&r, 7);
    /* Tickets arrive over Monday 2026-03-02 08:00-18:00 UTC. */
    int64_t span = 10 * H;
    double t0 = bench_cpu_now();
    for (size_t i = 0; i < n; i++) {
        int prio = bench_prng_next(&r) % 20 == 0 ? TRIAGE_PRIORITY_URGENT : TRIAGE_PRIORITY_NORMAL;
        int64_t at = MON + 8 * H + (int64_t)((uint64_t)i * (uint64_t)span / n);
        if (triage_tracker_created(t, i + 1, at, prio, 1, NULL, 0) != TRIAGE_OK) {
            fprintf(stderr, "create failed\n");
            exit(1);
        }
    }
    double created = bench_cpu_now() - t0;
    size_t mem = triage_tracker_memory(t);
    printf("tracker, %zu open tickets (5%% urgent, calendar-time; the rest business time):\n", n);
    printf("  memory             %8.1f bytes/ticket (%zu bytes)\n", (double)mem / (double)n, mem);
    printf("  created events     %12.0f /s\n", rate((double)n, created));

    /* A day of traffic: each ticket gets an agent reply, a customer
     * message, a status change to pending and back, in ticket-time order. */
    int64_t base = MON + 18 * H;
    size_t events = 0;
    t0 = bench_cpu_now();
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < n; i++) {
            int64_t at = base + round * 2 * H + (int64_t)((uint64_t)i * (uint64_t)H / n);
            int rc;
            switch (round) {
            case 0: rc = triage_tracker_agent_reply(t, i + 1, at); break;
            case 1: rc = triage_tracker_customer_message(t, i + 1, at); break;
            case 2: rc = triage_tracker_status(t, i + 1, at, "pending", 7); break;
            default: rc = triage_tracker_status(t, i + 1, at, "open", 4); break;
            }
            if (rc != TRIAGE_OK) {
                fprintf(stderr, "event failed: %s\n", triage_strerror(rc));
                exit(1);
            }
            events++;
        }
    double evt = bench_cpu_now() - t0;
    printf("  mixed events       %12.0f /s (%zu replies, messages, pause and resume)\n",
           rate((double)events, evt), events);

    /* Fetching what is due: the next instant, then collect in 1-minute
     * steps over the following week. */
    int64_t next = 0;
    t0 = bench_cpu_now();
    for (int i = 0; i < 1000000; i++) triage_tracker_next_fire(t, &next);
    double nf = bench_cpu_now() - t0;
    size_t fires = 0, calls = 0;
    t0 = bench_cpu_now();
    for (int64_t up = base; up <= base + 7 * DAY; up += 60) {
        size_t k = 0;
        triage_tracker_collect(t, up, &k);
        fires += k;
        calls++;
    }
    double col = bench_cpu_now() - t0;
    printf("  next_fire          %12.1f ns/call\n", 1e9 * nf / 1e6);
    printf("  collect            %zu fires in %zu one-minute steps over a week: %.0f ns/fire, "
           "%.2f us/step, %.2f s total\n",
           fires, calls, fires ? 1e9 * col / (double)fires : 0, 1e6 * col / (double)calls, col);
    size_t snap = 0, written = 0;
    triage_tracker_snapshot_size(t, &snap);
    unsigned char *buf = malloc(snap);
    t0 = bench_cpu_now();
    int rc = buf ? triage_tracker_save(t, buf, snap, &written) : TRIAGE_ERR_NOMEM;
    double saved = bench_cpu_now() - t0;
    triage_tracker *copy = triage_tracker_create(NULL);
    triage_tracker_add_policy(copy, std);
    triage_tracker_add_policy(copy, urgent);
    triage_tracker_set_default_policy(copy, "standard", 8);
    triage_tracker_set_priority_policy(copy, TRIAGE_PRIORITY_URGENT, "urgent", 6);
    t0 = bench_cpu_now();
    if (rc == TRIAGE_OK) rc = triage_tracker_restore(copy, buf, written);
    double restored = bench_cpu_now() - t0;
    printf("  snapshot           %.1f bytes/ticket; save %.0f ms, restore %.0f ms (%s)\n",
           (double)snap / (double)n, 1e3 * saved, 1e3 * restored, triage_strerror(rc));
    triage_tracker_free(copy);
    free(buf);
    triage_tracker_free(t);
    triage_sla_policy_free(std);
    triage_sla_policy_free(urgent);
    triage_calendar_free(c);
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    if (n == 0) n = 1;
    bench_due();
    bench_tracker(n);
    return 0;
}
