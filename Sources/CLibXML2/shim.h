#ifndef OSVA_CLIBXML2_SHIM_H
#define OSVA_CLIBXML2_SHIM_H
// xmlversion.h first: Debian's libxml2 is built with ICU, whose headers clash with the ICU copy
// inside Foundation. osva never uses libxml2's ICU support, so it is switched off here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>
#include <libxml/globals.h>
// xmlFree is a global function pointer, which Swift 6 sees as shared mutable state.
static inline void osva_xml_free(void *memory) { xmlFree(memory); }
#endif
