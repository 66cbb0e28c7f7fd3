#ifndef OSVA_CCRYPTO_SHIM_H
#define OSVA_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#endif
