/* PNG decoding with libpng 1.6 from a memory buffer, row by row. */
#include <setjmp.h>
#include <stdlib.h>
#include <png.h>
#include <zlib.h>
#include "cc_internal.h"

struct cc_png_decoder {
    png_structp png;
    png_infop info;
    png_infop end_info;
    const uint8_t *data;
    size_t len, pos;
    int truncated;            /* the read callback ran out of data */
    char error[CC_MSG_SIZE];  /* libpng's last error text */
    char warning[CC_MSG_SIZE];/* libpng's last warning text (explains "Invalid IHDR data") */
    uint32_t height, next_row;
    size_t rowbytes;
    int interlaced;
    uint8_t *full;            /* whole image, for Adam7 (filled once, then served) */
    int full_ready;
    int updated;              /* png_read_update_info done (deferred to the first row read) */
    cc_status failed;         /* sticky failure: rows can't be read after libpng longjmps */
};

static void cc_png_error_fn(png_structp png, png_const_charp text) {
    cc_png_decoder *dec = (cc_png_decoder *)png_get_error_ptr(png);
    cc_set_msg(dec->error, sizeof dec->error, text);
    png_longjmp(png, 1);
}

static void cc_png_warning_fn(png_structp png, png_const_charp text) {
    /* Benign problems (e.g. an invalid iCCP) are skipped; the text is kept to explain a
       following error. */
    cc_png_decoder *dec = (cc_png_decoder *)png_get_error_ptr(png);
    cc_set_msg(dec->warning, sizeof dec->warning, text);
}

static void cc_png_read_fn(png_structp png, png_bytep out, size_t n) {
    cc_png_decoder *dec = (cc_png_decoder *)png_get_io_ptr(png);
    if (n > dec->len - dec->pos) {
        dec->truncated = 1;
        png_error(png, "PNG data ends early");
    }
    memcpy(out, dec->data + dec->pos, n);
    dec->pos += n;
}

/** Maps the error recorded by the last longjmp to a status and message. */
static cc_status cc_png_failure(cc_png_decoder *dec, char *msg, size_t msg_len) {
    cc_status st;
    if (dec->truncated) {
        st = CC_ERR_TRUNCATED;
        cc_set_msg(msg, msg_len, "PNG data ends early");
    } else {
        st = cc_png_classify(dec->error);
        if (st == CC_ERR_CORRUPT && strstr(dec->error, "Invalid IHDR data") && dec->warning[0] &&
            cc_png_classify(dec->warning) == CC_ERR_LIMIT)
            st = CC_ERR_LIMIT;  /* "Image width exceeds user limit in IHDR" came as a warning */
        if (st == CC_ERR_CRC) {
            /* libpng says "IDAT: CRC error"; report the chunk name alone. */
            char name[8] = {0};
            const char *colon = strchr(dec->error, ':');
            size_t n = colon ? (size_t)(colon - dec->error) : 0;
            if (n > 0 && n < sizeof name) memcpy(name, dec->error, n);
            else memcpy(name, "?", 2);
            cc_set_msg(msg, msg_len, name);
        } else if (dec->warning[0] && strstr(dec->error, "Invalid IHDR data")) {
            snprintf(msg, msg_len, "%s: %s", dec->error, dec->warning);
        } else {
            cc_set_msg(msg, msg_len, dec->error);
        }
    }
    dec->failed = st;
    return st;
}

static const char *cc_png_color_model(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return "gray";
    case PNG_COLOR_TYPE_GRAY_ALPHA: return "gray+alpha";
    case PNG_COLOR_TYPE_PALETTE: return "palette";
    case PNG_COLOR_TYPE_RGB: return "rgb";
    case PNG_COLOR_TYPE_RGB_ALPHA: return "rgba";
    default: return "unknown";
    }
}

static void cc_png_fill_exif(cc_png_decoder *dec, png_infop info, cc_image_info *out) {
#ifdef PNG_eXIf_SUPPORTED
    png_uint_32 n = 0;
    png_bytep exif = NULL;
    if (png_get_valid(dec->png, info, PNG_INFO_eXIf) && png_get_eXIf_1(dec->png, info, &n, &exif) && exif) {
        out->exif = exif;
        out->exif_len = n;
    }
#else
    (void)dec; (void)info; (void)out;
#endif
}

/** Checks the CRC of every complete chunk up to IEND before libpng sees the data, so that a
 *  damaged chunk is reported as a CRC error rather than as the inflate error its bytes cause.
 *  An incomplete last chunk is left for libpng to report as truncation. `*usable` gets the
 *  length libpng may see: when the incomplete chunk is not IDAT the data is cut before its
 *  header, because libpng allocates a chunk's declared length before reading it (a 1 KiB
 *  file whose tEXt or eXIf claims 2 GiB would otherwise take 2 GiB); the cut still reads as
 *  "PNG data ends early". A partial IDAT is kept so truncated files keep their rows.
 *  `*complete` says whether every chunk up to and including IEND was there and checked. */
static cc_status cc_png_check_crcs(const uint8_t *data, size_t len, size_t *usable, int *complete,
                                   char *msg, size_t msg_len) {
    size_t p = 8;
    *usable = len;
    *complete = 0;
    while (len - p >= 8) {
        uint32_t n = (uint32_t)data[p] << 24 | (uint32_t)data[p + 1] << 16 | (uint32_t)data[p + 2] << 8 | data[p + 3];
        const uint8_t *type = data + p + 4;
        if (len - p < 12 || n > 0x7FFFFFFFu || n > len - p - 12) {
            if (n <= 0x7FFFFFFFu && memcmp(type, "IDAT", 4) != 0) *usable = p;
            break;
        }
        uLong crc = crc32(0L, Z_NULL, 0);
        size_t left = (size_t)n + 4;
        const uint8_t *q = type;
        while (left > 0) {  /* crc32 takes a uInt length */
            uInt step = left > 0x40000000u ? 0x40000000u : (uInt)left;
            crc = crc32(crc, q, step);
            q += step;
            left -= step;
        }
        const uint8_t *c = data + p + 8 + n;
        uint32_t stored = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];
        if ((uint32_t)crc != stored) {
            char name[5];
            for (int i = 0; i < 4; i++) name[i] = (type[i] >= 32 && type[i] < 127) ? (char)type[i] : '?';
            name[4] = 0;
            cc_set_msg(msg, msg_len, name);
            return CC_ERR_CRC;
        }
        if (memcmp(type, "IEND", 4) == 0) { *complete = 1; break; }
        p += 12 + (size_t)n;
    }
    return CC_OK;
}

cc_status cc_png_open(const uint8_t *data, size_t len, cc_png_decoder **out,
                      cc_image_info *info, char *msg, size_t msg_len) {
    *out = NULL;
    memset(info, 0, sizeof *info);
    if (len < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        cc_set_msg(msg, msg_len, "missing PNG signature");
        return CC_ERR_SIGNATURE;
    }
    size_t usable = len;
    int complete = 0;
    cc_status crc = cc_png_check_crcs(data, len, &usable, &complete, msg, msg_len);
    if (crc != CC_OK) return crc;
    cc_png_decoder *dec = (cc_png_decoder *)calloc(1, sizeof *dec);
    if (!dec) { cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    dec->data = data;
    dec->len = usable;
    dec->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, dec, cc_png_error_fn, cc_png_warning_fn);
    if (dec->png) dec->info = png_create_info_struct(dec->png);
    if (dec->info) dec->end_info = png_create_info_struct(dec->png);
    if (!dec->end_info) {
        cc_png_close(dec);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    if (setjmp(png_jmpbuf(dec->png))) {
        cc_status st = cc_png_failure(dec, msg, msg_len);
        cc_png_close(dec);
        return st;
    }
    png_set_read_fn(dec->png, dec, cc_png_read_fn);
    png_set_user_limits(dec->png, 1u << 24, 1u << 24);
    png_set_chunk_cache_max(dec->png, 1000);
    png_set_chunk_malloc_max(dec->png, 32u << 20);
    if (complete) {
        /* Every chunk libpng will read has had its CRC checked above, so libpng need not
           compute it again. (zlib's Adler-32 of the inflated data is still checked: a
           stream whose checksum is wrong under a right CRC, like Go's invalid-zlib.png,
           is an error, as in libpng's defaults.) */
        png_set_crc_action(dec->png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
    } else {
        png_set_crc_action(dec->png, PNG_CRC_DEFAULT, PNG_CRC_ERROR_QUIT);
    }
#ifdef PNG_HANDLE_AS_UNKNOWN_SUPPORTED
    /* Text and other chunks PoolPipe never uses are skipped unread: a zTXt/iTXt is then
       never inflated (no decompression bomb) and a text chunk never allocated. */
    static const png_byte ignored[] = "tEXt\0zTXt\0iTXt\0sPLT\0hIST\0tIME\0pCAL\0sCAL\0oFFs\0sTER\0";
    png_set_keep_unknown_chunks(dec->png, PNG_HANDLE_CHUNK_NEVER, ignored, (int)(sizeof ignored / 5));
#endif
    /* A truncated file is read in 1 KiB pieces of IDAT, so that it keeps the rows (or Adam7
       passes) whose data arrived; a complete one in 32 KiB pieces (fewer, longer inflate
       calls: a few per cent of the decode). */
    png_set_compression_buffer_size(dec->png, complete ? 32768 : 1024);
    png_read_info(dec->png, dec->info);

    png_uint_32 w = 0, h = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(dec->png, dec->info, &w, &h, &bit_depth, &color_type, &interlace, NULL, NULL);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(dec->png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(dec->png);
    if (png_get_valid(dec->png, dec->info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(dec->png);
    dec->interlaced = interlace != PNG_INTERLACE_NONE;
    if (dec->interlaced) (void)png_set_interlace_handling(dec->png);
    /* The row layout after those transforms, worked out here rather than by
       png_read_update_info, which allocates libpng's row buffers: the caller checks
       --max-pixels against this header before any pixel memory is taken, and the update
       happens at the first row read. */
    int has_trns = png_get_valid(dec->png, dec->info, PNG_INFO_tRNS) != 0;
    int components;
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: components = has_trns ? 2 : 1; break;
    case PNG_COLOR_TYPE_GRAY_ALPHA: components = 2; break;
    case PNG_COLOR_TYPE_RGB: case PNG_COLOR_TYPE_PALETTE: components = has_trns ? 4 : 3; break;
    default: components = 4; break;  /* RGBA */
    }
    int bytes_per_sample = bit_depth == 16 ? 2 : 1;

    dec->height = h;
    dec->rowbytes = (size_t)w * (size_t)components * (size_t)bytes_per_sample;
    info->width = info->out_width = w;
    info->height = info->out_height = h;
    info->components = components;
    info->bytes_per_sample = bytes_per_sample;
    info->bit_depth = bit_depth;
    info->interlaced = dec->interlaced;
    cc_set_msg(info->color_model, sizeof info->color_model, cc_png_color_model(color_type));

    png_charp name = NULL;
    int compression = 0;
    png_bytep profile = NULL;
    png_uint_32 profile_len = 0;
    if (png_get_valid(dec->png, dec->info, PNG_INFO_iCCP) &&
        png_get_iCCP(dec->png, dec->info, &name, &compression, &profile, &profile_len) && profile) {
        info->icc = profile;
        info->icc_len = profile_len;
    }
    cc_png_fill_exif(dec, dec->info, info);
    *out = dec;
    return CC_OK;
}

/** Applies the transforms set at open (libpng allocates its row buffers here); must run
 *  under the caller's setjmp. The layout computed at open must agree with libpng's. */
static void cc_png_update(cc_png_decoder *dec) {
    if (dec->updated) return;
    png_read_update_info(dec->png, dec->info);
    dec->updated = 1;
    if (png_get_rowbytes(dec->png, dec->info) != dec->rowbytes)
        png_error(dec->png, "row layout differs from the header's");
}

/** Decodes the whole Adam7 image into dec->full (zeros where a truncated file stops). */
static cc_status cc_png_read_interlaced(cc_png_decoder *dec, char *msg, size_t msg_len) {
    if (dec->rowbytes != 0 && dec->height > SIZE_MAX / dec->rowbytes) {
        cc_set_msg(msg, msg_len, "image too large for memory");
        return dec->failed = CC_ERR_MEMORY;
    }
    dec->full = (uint8_t *)calloc(dec->height ? dec->height : 1, dec->rowbytes ? dec->rowbytes : 1);
    png_bytepp rows = (png_bytepp)malloc(sizeof(png_bytep) * (dec->height ? dec->height : 1));
    if (!dec->full || !rows) {
        free(rows);
        cc_set_msg(msg, msg_len, "out of memory");
        return dec->failed = CC_ERR_MEMORY;
    }
    for (uint32_t y = 0; y < dec->height; y++) rows[y] = dec->full + (size_t)y * dec->rowbytes;
    dec->full_ready = 1;  /* even a partial image is served after a truncation */
    if (setjmp(png_jmpbuf(dec->png))) {
        free(rows);
        return cc_png_failure(dec, msg, msg_len);
    }
    cc_png_update(dec);
    png_read_image(dec->png, rows);
    free(rows);
    return CC_OK;
}

cc_status cc_png_read_rows(cc_png_decoder *dec, uint8_t *dst, size_t stride, uint32_t rows,
                           uint32_t *rows_done, char *msg, size_t msg_len) {
    *rows_done = 0;
    if (rows > dec->height - dec->next_row) {
        cc_set_msg(msg, msg_len, "more rows requested than the image has left");
        return CC_ERR_ARGUMENT;
    }
    if (dec->interlaced) {
        cc_status st = CC_OK;
        if (!dec->full_ready) st = cc_png_read_interlaced(dec, msg, msg_len);
        if (!dec->full_ready) return st;
        for (uint32_t i = 0; i < rows; i++)
            memcpy(dst + (size_t)i * stride, dec->full + (size_t)(dec->next_row + i) * dec->rowbytes, dec->rowbytes);
        dec->next_row += rows;
        *rows_done = rows;
        return st;
    }
    if (dec->failed != CC_OK) {
        cc_set_msg(msg, msg_len, dec->failed == CC_ERR_TRUNCATED ? "PNG data ends early" : dec->error);
        return dec->failed;
    }
    if (setjmp(png_jmpbuf(dec->png))) {
        return cc_png_failure(dec, msg, msg_len);
    }
    cc_png_update(dec);
    for (uint32_t i = 0; i < rows; i++) {
        png_read_row(dec->png, dst + (size_t)i * stride, NULL);
        dec->next_row++;
        (*rows_done)++;
    }
    return CC_OK;
}

cc_status cc_png_finish(cc_png_decoder *dec, cc_image_info *info, char *msg, size_t msg_len) {
    if (dec->failed != CC_OK) {
        cc_set_msg(msg, msg_len, dec->failed == CC_ERR_TRUNCATED ? "PNG data ends early" : dec->error);
        return dec->failed;
    }
    if (dec->next_row != dec->height) {
        cc_set_msg(msg, msg_len, "finish called before every row was read");
        return CC_ERR_STATE;
    }
    if (setjmp(png_jmpbuf(dec->png))) {
        return cc_png_failure(dec, msg, msg_len);
    }
    png_read_end(dec->png, dec->end_info);
    if (info && !info->exif) cc_png_fill_exif(dec, dec->end_info, info);
    return CC_OK;
}

void cc_png_close(cc_png_decoder *dec) {
    if (!dec) return;
    if (dec->png) png_destroy_read_struct(&dec->png, dec->info ? &dec->info : NULL,
                                          dec->end_info ? &dec->end_info : NULL);
    free(dec->full);
    free(dec);
}
