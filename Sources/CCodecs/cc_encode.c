/* PNG and JPEG encoding into malloc'd memory buffers. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <png.h>
#include <zlib.h>
#include <jpeglib.h>
#include "cc_internal.h"

/* ---- PNG ---- */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
    int oom;
    char error[CC_MSG_SIZE];
} cc_png_sink;

static void cc_png_write_fn(png_structp png, png_bytep data, size_t n) {
    cc_png_sink *s = (cc_png_sink *)png_get_io_ptr(png);
    if (n > s->cap - s->len) {
        size_t cap = s->cap ? s->cap : 65536;
        while (n > cap - s->len) {
            if (cap > SIZE_MAX / 2) { s->oom = 1; png_error(png, "out of memory"); }
            cap *= 2;
        }
        uint8_t *nb = (uint8_t *)realloc(s->buf, cap);
        if (!nb) { s->oom = 1; png_error(png, "out of memory"); }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
}

static void cc_png_flush_fn(png_structp png) { (void)png; }

static void cc_png_write_error_fn(png_structp png, png_const_charp text) {
    cc_png_sink *s = (cc_png_sink *)png_get_error_ptr(png);
    cc_set_msg(s->error, sizeof s->error, text);
    png_longjmp(png, 1);
}

static void cc_png_write_warning_fn(png_structp png, png_const_charp text) {
    (void)png; (void)text;
}

/* Everything changed between setjmp and longjmp lives in the caller's frame (`sink`). */
static cc_status cc_png_encode_into(cc_png_sink *sink, const uint8_t *pixels, uint32_t width,
                                    uint32_t height, int channels, int bit_depth,
                                    const cc_encode_options *opt, char *msg, size_t msg_len) {
    const uint8_t *icc = opt->icc;
    size_t icc_len = opt->icc_len;
    int level = opt->png_level > 0 && opt->png_level <= 9 ? opt->png_level : -1;
    static const int types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                 PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || width == 0 || height == 0) {
        cc_set_msg(msg, msg_len, "PNG needs 1-4 channels, bit depth 8 or 16 and a non-empty image");
        return CC_ERR_ARGUMENT;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, sink,
                                              cc_png_write_error_fn, cc_png_write_warning_fn);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        cc_set_msg(msg, msg_len, sink->error);
        return sink->oom ? CC_ERR_MEMORY : CC_ERR_CORRUPT;
    }
    png_set_write_fn(png, sink, cc_png_write_fn, cc_png_flush_fn);
    png_set_IHDR(png, info, width, height, bit_depth, types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* zlib level 4 under libpng's adaptive row filters: on photographic thumbnails 3x
       faster to encode than zlib's default 6 for files about 5% larger (still about half
       the size of libvips' default, unfiltered level-6 PNGs). */
    png_set_compression_level(png, level < 0 ? 4 : level);
    /* Level 1 is the fast path: one cheap filter instead of trying all five per row. */
    if (level == 1) {
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
        /* Run-length matches only: on filtered photographs about as small as level 1's
           full search and several times faster. */
        png_set_compression_strategy(png, Z_RLE);
    }
    if (icc && icc_len > 0 && icc_len <= 0xFFFFFFFFu) {
        /* Benign: a profile libpng finds unsuitable for this colour type is left out. */
        png_set_benign_errors(png, 1);
        png_set_iCCP(png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE, icc, (png_uint_32)icc_len);
    }
#ifdef PNG_eXIf_SUPPORTED
    if (opt->exif && opt->exif_len > 0 && opt->exif_len <= 0x7FFFFFFFu)
        png_set_eXIf_1(png, info, (png_uint_32)opt->exif_len, (png_bytep)opt->exif);
#endif
    png_write_info(png, info);
    size_t stride = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, pixels + (size_t)y * stride);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return CC_OK;
}

cc_status cc_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                        int bit_depth, const uint8_t *icc, size_t icc_len,
                        uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    cc_encode_options opt;
    memset(&opt, 0, sizeof opt);
    opt.icc = icc;
    opt.icc_len = icc_len;
    return cc_png_encode_ex(pixels, width, height, channels, bit_depth, &opt, out, out_len, msg, msg_len);
}

cc_status cc_png_encode_ex(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                           int bit_depth, const cc_encode_options *opt,
                           uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    cc_png_sink sink;
    memset(&sink, 0, sizeof sink);
    cc_status st = cc_png_encode_into(&sink, pixels, width, height, channels, bit_depth,
                                      opt, msg, msg_len);
    if (st != CC_OK) {
        free(sink.buf);
        *out = NULL;
        *out_len = 0;
        return st;
    }
    *out = sink.buf;
    *out_len = sink.len;
    return CC_OK;
}

/* ---- JPEG ---- */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    char error[CC_MSG_SIZE];
} cc_jpeg_write_error;

/* Encoder state, kept in the caller's frame so nothing the setjmp function changes is lost. */
typedef struct {
    struct jpeg_compress_struct cinfo;
    cc_jpeg_write_error err;
    unsigned char *buf;
    unsigned long len;
    int created;
} cc_jpeg_enc;

static void cc_jpeg_write_error_exit(j_common_ptr c) {
    cc_jpeg_write_error *e = (cc_jpeg_write_error *)c->err;
    char text[JMSG_LENGTH_MAX];
    (*c->err->format_message)(c, text);
    cc_set_msg(e->error, sizeof e->error, text);
    longjmp(e->jump, 1);
}

static void cc_jpeg_write_emit(j_common_ptr c, int level) { (void)c; (void)level; }

static cc_status cc_jpeg_encode_into(cc_jpeg_enc *e, const uint8_t *pixels, uint32_t width,
                                     uint32_t height, int channels, const cc_encode_options *opt) {
    int quality = opt->quality, chroma444 = opt->chroma444;
    const uint8_t *icc = opt->icc;
    size_t icc_len = opt->icc_len;
    e->cinfo.err = jpeg_std_error(&e->err.pub);
    e->err.pub.error_exit = cc_jpeg_write_error_exit;
    e->err.pub.emit_message = cc_jpeg_write_emit;
    if (setjmp(e->err.jump)) return CC_ERR_CORRUPT;
    jpeg_create_compress(&e->cinfo);
    e->created = 1;
    jpeg_mem_dest(&e->cinfo, &e->buf, &e->len);
    e->cinfo.image_width = width;
    e->cinfo.image_height = height;
    e->cinfo.input_components = channels;
    e->cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&e->cinfo);
    jpeg_set_quality(&e->cinfo, quality, TRUE);
    e->cinfo.optimize_coding = opt->optimize_coding ? TRUE : FALSE;
    if (channels == 3) {
        int h = chroma444 ? 1 : 2;
        e->cinfo.comp_info[0].h_samp_factor = h;
        e->cinfo.comp_info[0].v_samp_factor = h;
        e->cinfo.comp_info[1].h_samp_factor = e->cinfo.comp_info[1].v_samp_factor = 1;
        e->cinfo.comp_info[2].h_samp_factor = e->cinfo.comp_info[2].v_samp_factor = 1;
    }
    if (opt->progressive) jpeg_simple_progression(&e->cinfo);
    jpeg_start_compress(&e->cinfo, TRUE);
    /* EXIF as APP1 ("Exif\0\0" + TIFF data); a marker holds at most 65533 bytes. */
    if (opt->exif && opt->exif_len > 0 && opt->exif_len <= 65533 - 6) {
        static const uint8_t tag[6] = {'E', 'x', 'i', 'f', 0, 0};
        jpeg_write_m_header(&e->cinfo, JPEG_APP0 + 1, (unsigned int)(opt->exif_len + 6));
        for (int i = 0; i < 6; i++) jpeg_write_m_byte(&e->cinfo, tag[i]);
        for (size_t i = 0; i < opt->exif_len; i++) jpeg_write_m_byte(&e->cinfo, opt->exif[i]);
    }
    if (icc && icc_len > 0 && icc_len <= 0xFFFFFFFFu)
        jpeg_write_icc_profile(&e->cinfo, icc, (unsigned int)icc_len);
    size_t stride = (size_t)width * (size_t)channels;
    while (e->cinfo.next_scanline < e->cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)e->cinfo.next_scanline * stride);
        (void)jpeg_write_scanlines(&e->cinfo, &row, 1);
    }
    jpeg_finish_compress(&e->cinfo);
    return CC_OK;
}

cc_status cc_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         int quality, int chroma444, const uint8_t *icc, size_t icc_len,
                         uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    cc_encode_options opt;
    memset(&opt, 0, sizeof opt);
    opt.quality = quality;
    opt.chroma444 = chroma444;
    opt.icc = icc;
    opt.icc_len = icc_len;
    return cc_jpeg_encode_ex(pixels, width, height, channels, &opt, out, out_len, msg, msg_len);
}

cc_status cc_jpeg_encode_ex(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                            const cc_encode_options *opt,
                            uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    int quality = opt->quality;
    *out = NULL;
    *out_len = 0;
    if ((channels != 1 && channels != 3) || width == 0 || height == 0 || quality < 1 || quality > 100) {
        cc_set_msg(msg, msg_len, "JPEG needs 1 or 3 channels, quality 1-100 and a non-empty image");
        return CC_ERR_ARGUMENT;
    }
    if (width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
        cc_set_msg(msg, msg_len, "JPEG sides are limited to 65500 pixels");
        return CC_ERR_LIMIT;
    }
    cc_jpeg_enc *e = (cc_jpeg_enc *)calloc(1, sizeof *e);
    if (!e) { cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    cc_status st = cc_jpeg_encode_into(e, pixels, width, height, channels, opt);
    if (e->created) jpeg_destroy_compress(&e->cinfo);
    if (st == CC_OK) {
        *out = e->buf;
        *out_len = e->len;
    } else {
        cc_set_msg(msg, msg_len, e->err.error);
        free(e->buf);
    }
    free(e);
    return st;
}

void cc_free(void *p) { free(p); }

/* ---- Versions ---- */

const char *cc_libpng_version(void) { return png_get_libpng_ver(NULL); }

#define CC_STR2(x) #x
#define CC_STR(x) CC_STR2(x)
const char *cc_libjpeg_version(void) {
#ifdef LIBJPEG_TURBO_VERSION
    return "libjpeg-turbo " CC_STR(LIBJPEG_TURBO_VERSION) " (API " CC_STR(JPEG_LIB_VERSION) ")";
#else
    return "libjpeg (API " CC_STR(JPEG_LIB_VERSION) ")";
#endif
}

int cc_version(void) { return 2; }
