/* Time for the benchmark (the library itself reads no clock).
 *
 * bench_cpu_now() is the CPU time of the calling thread: on a machine shared
 * with other work it is not inflated by time spent descheduled, so it is
 * what the per-ticket figures use. bench_now() is wall-clock time. */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H

#include <time.h>

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double bench_cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
