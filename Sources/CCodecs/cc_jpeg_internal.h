/* The JPEG decoder's state, shared by the row reader (cc_jpeg_read.c) and the plane reader
 * (cc_jpeg_planes.c). Private to CCodecs. */
#ifndef CC_JPEG_INTERNAL_H
#define CC_JPEG_INTERNAL_H
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <jpeglib.h>
#include "cc_internal.h"

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
} cc_jpeg_error_mgr;

struct cc_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    cc_jpeg_error_mgr err;
    struct jpeg_progress_mgr progress;
    int created;
    int allow_corrupt;
    int max_scans;
    int warnings;                    /* corrupt-data warnings seen */
    int saw_eof;                     /* one of them was "premature end of JPEG file" */
    char first_warning[CC_MSG_SIZE];
    char error[CC_MSG_SIZE];
    cc_status status;                /* status of the failure being unwound */
    int started;
    uint8_t *icc;
    unsigned int icc_len;
    uint8_t *exif;                   /* copy of the EXIF data: libjpeg frees its saved markers
                                        in jpeg_finish_decompress, before close */
};

#define CC_DEC(ptr) ((cc_jpeg_decoder *)((char *)(ptr) - offsetof(cc_jpeg_decoder, cinfo)))

#endif
