/*
 * osva_dicom.h: a plain C view of DCMTK for reading DICOM Part 10 headers.
 *
 * The implementation is C++ (dicom_header.cpp); this header is C so that Swift imports it
 * without C++ interop. Only the Imaging module includes it.
 */
#ifndef OSVA_DICOM_H
#define OSVA_DICOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Element values longer than this many bytes are left in the file while parsing. */
#define OSVA_DICOM_MAX_READ_LENGTH 4096

/** osva_dicom_text() refuses a value whose encoded length is over this many bytes. */
#define OSVA_DICOM_TEXT_LIMIT 1024

/** The outcome of opening a file or reading one of its values. */
typedef enum osva_dicom_status {
    /** Done. */
    OSVA_DICOM_OK = 0,
    /** The file could not be opened or read (message says why). */
    OSVA_DICOM_UNREADABLE = 1,
    /** The file lacks the 128-byte preamble followed by "DICM". */
    OSVA_DICOM_NOT_PART10 = 2,
    /** The file ends inside an element, an item or the meta header. */
    OSVA_DICOM_TRUNCATED = 3,
    /** DCMTK could not parse the file (message gives DCMTK's reason). */
    OSVA_DICOM_MALFORMED = 4,
    /** The meta header names a transfer syntax DCMTK does not know. */
    OSVA_DICOM_SYNTAX_UNKNOWN = 5,
    /** DCMTK's data dictionary is not loaded: osva's installation is broken. */
    OSVA_DICOM_NO_DICTIONARY = 6,
    /** The element is not at the top level of the meta header or data set. */
    OSVA_DICOM_ABSENT = 7,
    /** The element's value representation is not a text one. */
    OSVA_DICOM_NOT_TEXT = 8,
    /** The value is longer than OSVA_DICOM_TEXT_LIMIT or the caller's buffer. */
    OSVA_DICOM_TOO_LONG = 9,
    /** The value could not be converted from the file's character set to UTF-8. */
    OSVA_DICOM_CHARSET = 10,
    /** Memory ran out or DCMTK failed in a way that is not the file's fault. */
    OSVA_DICOM_INTERNAL = 11
} osva_dicom_status;

/** An opened file: its meta header and data set, without values over the read length. */
typedef struct osva_dicom_file osva_dicom_file;

/**
 * Opens a DICOM Part 10 file and parses it to its end with DCMTK.
 *
 * Values longer than OSVA_DICOM_MAX_READ_LENGTH (pixel data above all) are skipped, not
 * loaded; parsing still checks that every element fits in the file. On OSVA_DICOM_OK,
 * `*file` owns the parsed file and must be given to osva_dicom_close(); otherwise `*file` is
 * NULL. `message` (may be NULL) receives a NUL-terminated explanation on failure.
 */
osva_dicom_status osva_dicom_open(const char *path, osva_dicom_file **file,
                                  char *message, size_t message_capacity);

/**
 * Copies the text value of a top-level element as UTF-8, without a trailing NUL in `length`.
 *
 * Group 0002 is looked up in the meta header, every other group in the data set; nested
 * sequences are never searched. Values of text affected by Specific Character Set
 * (0008,0005) are converted to UTF-8; padding is left for the caller to strip. Multiple
 * values stay joined by backslashes. On OSVA_DICOM_OK and OSVA_DICOM_TOO_LONG, `*length` is
 * the value's length in bytes (on OK the buffer also ends with a NUL).
 */
osva_dicom_status osva_dicom_text(const osva_dicom_file *file, uint16_t group,
                                  uint16_t element, char *buffer, size_t capacity,
                                  size_t *length);

/** Frees a file from osva_dicom_open(); NULL is allowed. */
void osva_dicom_close(osva_dicom_file *file);

#ifdef __cplusplus
}
#endif

#endif
