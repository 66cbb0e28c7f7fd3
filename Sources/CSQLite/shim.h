#ifndef OSVA_CSQLITE_SHIM_H
#define OSVA_CSQLITE_SHIM_H
#include <sqlite3.h>
// SQLITE_TRANSIENT is a cast macro that Swift cannot import; this gives it a name.
static inline sqlite3_destructor_type osva_sqlite_transient(void) { return SQLITE_TRANSIENT; }
#endif
