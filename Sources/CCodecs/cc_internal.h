/* Shared helpers of the CCodecs implementation files (not part of the public header). */
#ifndef CC_INTERNAL_H
#define CC_INTERNAL_H
#include <stdio.h>
#include <string.h>
#include "ccodecs.h"

/** Copies `text` into `msg` (size `msg_len`), always NUL-terminated; tolerates NULL. */
static inline void cc_set_msg(char *msg, size_t msg_len, const char *text) {
    if (msg == NULL || msg_len == 0) return;
    snprintf(msg, msg_len, "%s", text ? text : "");
}

/** Classifies a libpng error message into a status. */
static inline cc_status cc_png_classify(const char *text) {
    if (strstr(text, "CRC error")) return CC_ERR_CRC;
    /* Only size limits: "Image width is zero in IHDR" and "Invalid image width" are corrupt
       headers, not images too large to decode. */
    if (strstr(text, "exceeds user limit") || strstr(text, "too large")) return CC_ERR_LIMIT;
    if (strstr(text, "ut of memory") || strstr(text, "Insufficient memory")) return CC_ERR_MEMORY;
    if (strstr(text, "Not a PNG file") || strstr(text, "PNG file corrupted by ASCII conversion"))
        return CC_ERR_SIGNATURE;
    return CC_ERR_CORRUPT;
}
#endif
