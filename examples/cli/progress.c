/* A progress bar on standard error: percentage, rate and time left. */
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"

#define BAR_WIDTH 30

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int batch_progress_option(const char *arg, int *option) {
    if (strcmp(arg, "--progress") == 0) *option = 1;
    else if (strcmp(arg, "--no-progress") == 0) *option = 0;
    else return 0;
    return 1;
}

void batch_progress_init(batch_progress *p, int option, const char *what, double total) {
    memset(p, 0, sizeof *p);
    p->enabled = option < 0 ? isatty(STDERR_FILENO) : option;
    p->what = what;
    p->total = total;
    p->started = p->last = now();
}

double batch_file_size(const char *path) {
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode)
               ? (double)st.st_size
               : 0;
}

double batch_progress_elapsed(const batch_progress *p) { return now() - p->started; }

static void minutes(char *buf, size_t cap, double seconds) {
    long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
    snprintf(buf, cap, "%ld:%02ld", s / 60, s % 60);
}

void batch_progress_update(batch_progress *p, double done, size_t items) {
    if (!p->enabled) return;
    p->items = items;
    double t = now();
    if (p->drawn && t - p->last < 0.1 && (p->total <= 0 || done < p->total)) return;
    p->last = t;
    double elapsed = t - p->started, rate = elapsed > 0 ? (double)items / elapsed : 0;
    char left[32] = "?";
    if (p->total > 0) {
        double frac = done / p->total > 1 ? 1 : done / p->total;
        int fill = (int)(frac * BAR_WIDTH);
        char bar[BAR_WIDTH + 1];
        memset(bar, '#', (size_t)fill);
        memset(bar + fill, '.', (size_t)(BAR_WIDTH - fill));
        bar[BAR_WIDTH] = '\0';
        if (frac > 0) minutes(left, sizeof left, elapsed * (1 - frac) / frac);
        fprintf(stderr, "\r[%s] %3d%% %zu %s %.0f/s %s left ", bar, (int)(frac * 100), items,
                p->what, rate, left);
    } else {
        fprintf(stderr, "\r%zu %s %.0f/s ", items, p->what, rate);
    }
    fflush(stderr);
    p->drawn = 1;
}

void batch_progress_end(batch_progress *p) {
    if (!p->enabled || !p->drawn) return;
    fprintf(stderr, "\r%*s\r", BAR_WIDTH + 60, "");
    fflush(stderr);
    p->drawn = 0;
}

void batch_summary(const batch_progress *p, const char *title, const batch_row *rows, size_t n) {
    if (!p->enabled) return;
    size_t width = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(rows[i].label) > width) width = strlen(rows[i].label);
    fprintf(stderr, "%s\n", title);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %-*s %12.*f\n", (int)width, rows[i].label, rows[i].decimals,
                rows[i].value);
}
