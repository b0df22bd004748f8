/* WebP encoding through libwebp, metadata chunks through libwebpmux. No setjmp here:
 * libwebp reports errors by return values. */
#include <stdlib.h>
#include <string.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include "cc_internal.h"

static const char *cc_webp_error_text(WebPEncodingError e) {
    switch (e) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory for the bitstream";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "bad dimensions (WebP sides are limited to 16383 pixels)";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 overflow";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition overflow";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "file too big (over 4 GiB)";
    default: return "encoder error";
    }
}

/* Wraps a plain WebP bitstream into the extended format with ICCP and EXIF chunks. */
static cc_status cc_webp_mux(const uint8_t *bits, size_t bits_len, const cc_encode_options *opt,
                             uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    WebPMux *mux = WebPMuxNew();
    if (!mux) { cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    WebPData image = {bits, bits_len};
    WebPMuxError err = WebPMuxSetImage(mux, &image, 1);
    if (err == WEBP_MUX_OK && opt->icc && opt->icc_len > 0) {
        WebPData icc = {opt->icc, opt->icc_len};
        err = WebPMuxSetChunk(mux, "ICCP", &icc, 1);
    }
    if (err == WEBP_MUX_OK && opt->exif && opt->exif_len > 0) {
        WebPData exif = {opt->exif, opt->exif_len};
        err = WebPMuxSetChunk(mux, "EXIF", &exif, 1);
    }
    WebPData assembled = {NULL, 0};
    if (err == WEBP_MUX_OK) err = WebPMuxAssemble(mux, &assembled);
    WebPMuxDelete(mux);
    if (err != WEBP_MUX_OK) {
        WebPDataClear(&assembled);
        char text[64];
        snprintf(text, sizeof text, "libwebpmux failed (error %d)", (int)err);
        cc_set_msg(msg, msg_len, text);
        return err == WEBP_MUX_MEMORY_ERROR ? CC_ERR_MEMORY : CC_ERR_CORRUPT;
    }
    /* Hand back memory the caller frees with cc_free (free), not WebPFree. */
    uint8_t *copy = (uint8_t *)malloc(assembled.size);
    if (!copy) {
        WebPDataClear(&assembled);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    memcpy(copy, assembled.bytes, assembled.size);
    *out = copy;
    *out_len = assembled.size;
    WebPDataClear(&assembled);
    return CC_OK;
}

cc_status cc_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         const cc_encode_options *opt,
                         uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    *out = NULL;
    *out_len = 0;
    if ((channels != 3 && channels != 4) || width == 0 || height == 0 ||
        (!opt->lossless && (opt->quality < 1 || opt->quality > 100))) {
        cc_set_msg(msg, msg_len, "WebP needs 3 or 4 channels, quality 1-100 and a non-empty image");
        return CC_ERR_ARGUMENT;
    }
    if (width > WEBP_MAX_DIMENSION || height > WEBP_MAX_DIMENSION) {
        cc_set_msg(msg, msg_len, "WebP sides are limited to 16383 pixels");
        return CC_ERR_LIMIT;
    }
    WebPConfig config;
    if (!WebPConfigInit(&config)) { cc_set_msg(msg, msg_len, "libwebp version mismatch"); return CC_ERR_STATE; }
    if (opt->lossless) {
        /* Level 6 of 9: cwebp -lossless's default effort (-z 6). */
        WebPConfigLosslessPreset(&config, 6);
        config.exact = 0;
    } else {
        config.quality = (float)opt->quality;
        config.method = 4;
    }
    WebPPicture pic;
    if (!WebPPictureInit(&pic)) { cc_set_msg(msg, msg_len, "libwebp version mismatch"); return CC_ERR_STATE; }
    pic.use_argb = opt->lossless ? 1 : 0;
    pic.width = (int)width;
    pic.height = (int)height;
    int stride = (int)width * channels;
    int ok = channels == 4 ? WebPPictureImportRGBA(&pic, pixels, stride)
                           : WebPPictureImportRGB(&pic, pixels, stride);
    if (!ok) {
        WebPPictureFree(&pic);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    pic.writer = WebPMemoryWrite;
    pic.custom_ptr = &writer;
    ok = WebPEncode(&config, &pic);
    WebPEncodingError error = pic.error_code;
    WebPPictureFree(&pic);
    if (!ok) {
        WebPMemoryWriterClear(&writer);
        cc_set_msg(msg, msg_len, cc_webp_error_text(error));
        return error == VP8_ENC_ERROR_OUT_OF_MEMORY || error == VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY
            ? CC_ERR_MEMORY : CC_ERR_CORRUPT;
    }
    cc_status st = cc_webp_mux(writer.mem, writer.size, opt, out, out_len, msg, msg_len);
    WebPMemoryWriterClear(&writer);
    return st;
}

int cc_libwebp_version(void) { return WebPGetEncoderVersion(); }
