/* libFuzzer target: CCodecs JPEG decoding (open -> start -> read every row -> finish -> close).
 * Built by tools/fuzz.sh with clang -fsanitize=fuzzer,address; never part of `swift build`.
 * The last input byte picks the options (DCT scale, tolerate corrupt data), so one corpus
 * covers every path. Images over FUZZ_MAX_PIXELS are skipped after the header. */
#include <stdint.h>
#include <stdlib.h>
#include "ccodecs.h"

#define FUZZ_MAX_PIXELS (1u << 22)

/** Reads every byte of `p` (so ASan checks the whole range is alive). */
static void touch(const uint8_t *p, size_t n) {
    volatile uint8_t sum = 0;
    for (size_t i = 0; p && i < n; i++) sum ^= p[i];
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len) {
    if (len == 0) return 0;
    uint8_t knobs = data[len - 1];
    cc_jpeg_options opts;
    opts.scale_denom = 1 << (knobs & 3);
    opts.allow_corrupt = (knobs >> 2) & 1;
    opts.max_scans = 1000;
    opts.max_memory = (long)FUZZ_MAX_PIXELS * 8 + (64L << 20);  /* as CRowDecoder computes it */
    cc_jpeg_decoder *dec = NULL;
    cc_image_info info;
    char msg[CC_MSG_SIZE];
    if (cc_jpeg_open(data, len, &opts, &dec, &info, msg, sizeof msg) != CC_OK) return 0;
    uint64_t pixels = (uint64_t)info.width * info.height;
    if (pixels == 0 || pixels > FUZZ_MAX_PIXELS) { cc_jpeg_close(dec); return 0; }
    if (cc_jpeg_start(dec, msg, sizeof msg) != CC_OK) { cc_jpeg_close(dec); return 0; }
    size_t row_bytes = (size_t)info.out_width * (size_t)info.components;
    uint32_t band = 5;
    uint8_t *rows = (uint8_t *)malloc(row_bytes * band);
    if (!rows) { cc_jpeg_close(dec); return 0; }
    uint32_t y = 0;
    while (y < info.out_height) {
        uint32_t n = info.out_height - y < band ? info.out_height - y : band;
        uint32_t done = 0;
        cc_status st = cc_jpeg_read_rows(dec, rows, row_bytes, n, &done, msg, sizeof msg);
        if (done > n) abort();
        if (st != CC_OK) break;
        y += n;
    }
    if (y == info.out_height) (void)cc_jpeg_finish(dec, msg, sizeof msg);
    /* The header says ICC and EXIF pointers stay valid until close: read them after finish
       (ASan caught Swift reading freed JPEG EXIF here). */
    touch(info.icc, info.icc_len);
    touch(info.exif, info.exif_len);
    (void)cc_jpeg_warning_count(dec, msg, sizeof msg);
    free(rows);
    cc_jpeg_close(dec);
    return 0;
}
