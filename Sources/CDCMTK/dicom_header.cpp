// dicom_header.cpp: the C functions of osva_dicom.h over DCMTK's dcmdata.
//
// Every function catches all C++ exceptions: none may unwind into Swift.

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcdict.h"
#include "dcmtk/dcmdata/dcerror.h"
#include "dcmtk/dcmdata/dcfilefo.h"
#include "dcmtk/dcmdata/dcmetinf.h"
#include "dcmtk/dcmdata/dcspchrs.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/oflog/oflog.h"

#include "osva_dicom.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <new>

struct osva_dicom_file {
    DcmFileFormat format;
};

namespace {

const size_t preambleLength = 128;

void setMessage(char *message, size_t capacity, const char *text) {
    if (message == NULL || capacity == 0) return;
    std::snprintf(message, capacity, "%s", text);
}

// DCMTK logs parser warnings to stderr by default; osva reports through its own results.
void silenceToolkitLogging() {
    static std::once_flag once;
    std::call_once(once, [] { OFLog::configure(OFLogger::OFF_LOG_LEVEL); });
}

// Reads the preamble and prefix: a Part 10 file has 128 bytes, then "DICM".
osva_dicom_status checkPart10Prefix(const char *path, char *message, size_t capacity) {
    FILE *stream = std::fopen(path, "rb");
    if (stream == NULL) {
        setMessage(message, capacity, std::strerror(errno));
        return OSVA_DICOM_UNREADABLE;
    }
    unsigned char prefix[preambleLength + 4];
    size_t count = std::fread(prefix, 1, sizeof prefix, stream);
    bool failed = std::ferror(stream) != 0;
    std::fclose(stream);
    if (failed) {
        setMessage(message, capacity, "the file could not be read");
        return OSVA_DICOM_UNREADABLE;
    }
    if (count < sizeof prefix || std::memcmp(prefix + preambleLength, "DICM", 4) != 0) {
        setMessage(message, capacity, "no 128-byte preamble followed by \"DICM\"");
        return OSVA_DICOM_NOT_PART10;
    }
    return OSVA_DICOM_OK;
}

// DCMTK reports a file that ends inside an element as a stream that wants more data (a
// value over the read length) or as an invalid stream (a value it tried to read).
osva_dicom_status statusOfLoad(const OFCondition &condition) {
    if (condition == EC_StreamNotifyClient || condition == EC_InvalidStream
        || condition == EC_EndOfStream) {
        return OSVA_DICOM_TRUNCATED;
    }
    if (condition == EC_MemoryExhausted) return OSVA_DICOM_INTERNAL;
    return OSVA_DICOM_MALFORMED;
}

// A transfer syntax named in the meta header must be one DCMTK can parse.
osva_dicom_status checkTransferSyntax(DcmMetaInfo &meta, char *message, size_t capacity) {
    OFString uid;
    if (meta.findAndGetOFString(DCM_TransferSyntaxUID, uid).bad() || uid.empty()) {
        return OSVA_DICOM_OK;  // a missing syntax is the caller's rule to report
    }
    if (DcmXfer(uid.c_str()).getXfer() == EXS_Unknown) {
        setMessage(message, capacity, "DCMTK does not know this transfer syntax");
        return OSVA_DICOM_SYNTAX_UNKNOWN;
    }
    return OSVA_DICOM_OK;
}

bool isPrintableASCII(const OFString &value) {
    for (size_t index = 0; index < value.length(); ++index) {
        unsigned char byte = static_cast<unsigned char>(value[index]);
        if (byte < 0x20 || byte > 0x7e) return false;
    }
    return true;
}

osva_dicom_status openFile(const char *path, osva_dicom_file **file, char *message,
                           size_t capacity) {
    silenceToolkitLogging();
    if (!dcmDataDict.isDictionaryLoaded()) {
        setMessage(message, capacity, "DCMTK's data dictionary (dicom.dic) is not loaded");
        return OSVA_DICOM_NO_DICTIONARY;
    }
    osva_dicom_status status = checkPart10Prefix(path, message, capacity);
    if (status != OSVA_DICOM_OK) return status;

    osva_dicom_file *opened = new (std::nothrow) osva_dicom_file;
    if (opened == NULL) {
        setMessage(message, capacity, "out of memory");
        return OSVA_DICOM_INTERNAL;
    }
    // The prefix is checked above; ERM_fileOnly would also refuse a meta header that lacks
    // its transfer syntax, a case osva reports as a missing element instead.
    OFCondition condition = opened->format.loadFile(
        path, EXS_Unknown, EGL_noChange, OSVA_DICOM_MAX_READ_LENGTH, ERM_autoDetect);
    if (condition.good()) {
        status = checkTransferSyntax(*opened->format.getMetaInfo(), message, capacity);
    } else {
        status = statusOfLoad(condition);
        setMessage(message, capacity, condition.text());
    }
    if (status != OSVA_DICOM_OK) {
        delete opened;
        return status;
    }
    *file = opened;
    return OSVA_DICOM_OK;
}

osva_dicom_status readText(const osva_dicom_file *file, uint16_t group, uint16_t element,
                           char *buffer, size_t capacity, size_t *length) {
    // DCMTK's getters are not const, though reading a loaded value changes nothing.
    DcmFileFormat &format = const_cast<DcmFileFormat &>(file->format);
    DcmItem *item = group == 0x0002 ? static_cast<DcmItem *>(format.getMetaInfo())
                                    : static_cast<DcmItem *>(format.getDataset());
    DcmElement *found = NULL;
    if (item == NULL || item->findAndGetElement(DcmTagKey(group, element), found).bad()
        || found == NULL) {
        return OSVA_DICOM_ABSENT;
    }
    if (!found->isaString()) return OSVA_DICOM_NOT_TEXT;
    if (found->getLengthField() > OSVA_DICOM_TEXT_LIMIT) {
        *length = found->getLengthField();
        return OSVA_DICOM_TOO_LONG;
    }

    // Values this short were loaded while parsing, so this reads no file.
    OFString value;
    if (found->getOFStringArray(value, OFFalse).bad()) return OSVA_DICOM_INTERNAL;
    if (found->isAffectedBySpecificCharacterSet() && !isPrintableASCII(value)) {
        DcmSpecificCharacterSet converter;
        OFString converted;
        if (converter.selectCharacterSet(*format.getDataset()).bad()
            || converter.convertString(value, converted, "\\").bad()) {
            return OSVA_DICOM_CHARSET;
        }
        value = converted;
    }
    *length = value.length();
    if (value.length() >= capacity) return OSVA_DICOM_TOO_LONG;
    std::memcpy(buffer, value.c_str(), value.length());
    buffer[value.length()] = '\0';
    return OSVA_DICOM_OK;
}

}  // namespace

extern "C" osva_dicom_status osva_dicom_open(const char *path, osva_dicom_file **file,
                                             char *message, size_t message_capacity) {
    *file = NULL;
    setMessage(message, message_capacity, "");
    try {
        return openFile(path, file, message, message_capacity);
    } catch (const std::bad_alloc &) {
        setMessage(message, message_capacity, "out of memory");
    } catch (...) {
        setMessage(message, message_capacity, "DCMTK failed unexpectedly");
    }
    return OSVA_DICOM_INTERNAL;
}

extern "C" osva_dicom_status osva_dicom_text(const osva_dicom_file *file, uint16_t group,
                                             uint16_t element, char *buffer, size_t capacity,
                                             size_t *length) {
    *length = 0;
    try {
        return readText(file, group, element, buffer, capacity, length);
    } catch (...) {
        return OSVA_DICOM_INTERNAL;
    }
}

extern "C" void osva_dicom_close(osva_dicom_file *file) {
    delete file;
}
