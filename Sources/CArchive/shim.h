#ifndef OSVA_CARCHIVE_SHIM_H
#define OSVA_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>
#endif
