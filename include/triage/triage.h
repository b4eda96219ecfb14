/* libtriage: the one header a host includes. */
#ifndef TRIAGE_TRIAGE_H
#define TRIAGE_TRIAGE_H

#include "common.h"
#include "rules.h"
#include "route.h"
#include "explain.h"
#include "sla.h"
#include "integrity.h"

#endif
