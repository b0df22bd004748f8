/* libFuzzer target: CCodecs PNG decoding (open -> read every row -> finish -> close).
 * Built by tools/fuzz.sh with clang -fsanitize=fuzzer,address; never part of `swift build`.
 * Images over FUZZ_MAX_PIXELS are skipped after the header, as `--max-pixels` does. */
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
    cc_png_decoder *dec = NULL;
    cc_image_info info;
    char msg[CC_MSG_SIZE];
    if (cc_png_open(data, len, &dec, &info, msg, sizeof msg) != CC_OK) return 0;
    uint64_t pixels = (uint64_t)info.out_width * info.out_height;
    if (pixels == 0 || pixels > FUZZ_MAX_PIXELS) { cc_png_close(dec); return 0; }
    size_t row_bytes = (size_t)info.out_width * (size_t)info.components * (size_t)info.bytes_per_sample;
    uint32_t band = 7;  /* odd band size: exercises partial last bands */
    uint8_t *rows = (uint8_t *)malloc(row_bytes * band);
    if (!rows) { cc_png_close(dec); return 0; }
    uint32_t y = 0;
    while (y < info.out_height) {
        uint32_t n = info.out_height - y < band ? info.out_height - y : band;
        uint32_t done = 0;
        cc_status st = cc_png_read_rows(dec, rows, row_bytes, n, &done, msg, sizeof msg);
        if (done > n) abort();  /* contract: never more rows than asked */
        if (st != CC_OK) break;
        y += n;
    }
    if (y == info.out_height) (void)cc_png_finish(dec, &info, msg, sizeof msg);
    /* The header says ICC and EXIF pointers stay valid until close: read them after finish
       (ASan caught Swift reading freed JPEG EXIF here). */
    touch(info.icc, info.icc_len);
    touch(info.exif, info.exif_len);
    free(rows);
    cc_png_close(dec);
    return 0;
}
