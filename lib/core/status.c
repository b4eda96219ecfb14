/* Version and status strings. */
#include <triage/common.h>

unsigned triage_version_number(void) { return TRIAGE_VERSION_NUMBER; }

const char *triage_version_string(void) { return TRIAGE_VERSION_STRING; }

const char *triage_strerror(int status) {
    switch (status) {
    case TRIAGE_OK: return "success";
    case TRIAGE_ERR_NOMEM: return "out of memory";
    case TRIAGE_ERR_ARGUMENT: return "invalid argument";
    case TRIAGE_ERR_SYNTAX: return "syntax error in rules";
    case TRIAGE_ERR_RULES: return "invalid rules";
    case TRIAGE_ERR_REGEX: return "invalid regular expression";
    case TRIAGE_ERR_UTF8: return "invalid UTF-8";
    case TRIAGE_ERR_NOT_FOUND: return "not found";
    case TRIAGE_ERR_LIMIT: return "limit exceeded";
    case TRIAGE_ERR_IO: return "input/output error";
    case TRIAGE_ERR_RANGE: return "value out of range";
    case TRIAGE_ERR_STATE: return "operation not valid in the current state";
    case TRIAGE_ERR_TIMEZONE: return "unknown or unreadable time zone";
    case TRIAGE_ERR_SIGNATURE: return "missing or invalid signature";
    case TRIAGE_ERR_CORRUPT: return "data is corrupted or truncated";
    case TRIAGE_ERR_UNSUPPORTED: return "unsupported format or feature";
    case TRIAGE_ERR_EXISTS: return "name already defined";
    default: return "unknown status";
    }
}
