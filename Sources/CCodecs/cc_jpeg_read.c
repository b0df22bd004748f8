/* JPEG decoding with libjpeg-turbo from a memory buffer, row by row. */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
#include <jerror.h>
#include "cc_internal.h"
#include "cc_jpeg_internal.h"


static void cc_jpeg_error_exit(j_common_ptr c) {
    cc_jpeg_decoder *dec = CC_DEC(c);
    char text[JMSG_LENGTH_MAX];
    (*c->err->format_message)(c, text);
    cc_set_msg(dec->error, sizeof dec->error, text);
    switch (c->err->msg_code) {
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
        dec->status = CC_ERR_LIMIT; break;
    case JERR_OUT_OF_MEMORY:
        dec->status = CC_ERR_MEMORY; break;
    case JERR_INPUT_EMPTY:
    case JERR_INPUT_EOF:
        dec->status = CC_ERR_TRUNCATED; break;
    default:
        dec->status = dec->saw_eof ? CC_ERR_TRUNCATED : CC_ERR_CORRUPT;
    }
    longjmp(dec->err.jump, 1);
}

static void cc_jpeg_emit_message(j_common_ptr c, int level) {
    if (level != -1) return;  /* trace messages */
    cc_jpeg_decoder *dec = CC_DEC(c);
    char text[JMSG_LENGTH_MAX];
    (*c->err->format_message)(c, text);
    c->err->num_warnings++;
    if (c->err->msg_code == JWRN_JPEG_EOF) dec->saw_eof = 1;
    if (dec->warnings++ == 0) cc_set_msg(dec->first_warning, sizeof dec->first_warning, text);
    if (!dec->allow_corrupt) {
        cc_set_msg(dec->error, sizeof dec->error, text);
        dec->status = c->err->msg_code == JWRN_JPEG_EOF ? CC_ERR_TRUNCATED : CC_ERR_CORRUPT;
        longjmp(dec->err.jump, 1);
    }
}

static void cc_jpeg_progress(j_common_ptr c) {
    cc_jpeg_decoder *dec = CC_DEC(c);
    if (dec->max_scans > 0 && dec->cinfo.input_scan_number > dec->max_scans) {
        snprintf(dec->error, sizeof dec->error, "more than %d progressive scans", dec->max_scans);
        dec->status = CC_ERR_SCANS;
        longjmp(dec->err.jump, 1);
    }
}

static const char *cc_jpeg_color_model(J_COLOR_SPACE cs) {
    switch (cs) {
    case JCS_GRAYSCALE: return "gray";
    case JCS_YCbCr: return "ycbcr";
    case JCS_RGB: return "rgb";
    case JCS_CMYK: return "cmyk";
    case JCS_YCCK: return "ycck";
    default: return "unknown";
    }
}

cc_status cc_jpeg_open(const uint8_t *data, size_t len, const cc_jpeg_options *options,
                       cc_jpeg_decoder **out, cc_image_info *info, char *msg, size_t msg_len) {
    *out = NULL;
    memset(info, 0, sizeof *info);
    if (len < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF) {
        cc_set_msg(msg, msg_len, "missing JPEG SOI marker");
        return CC_ERR_SIGNATURE;
    }
    int denom = options ? options->scale_denom : 1;
    if (denom != 1 && denom != 2 && denom != 4 && denom != 8) {
        cc_set_msg(msg, msg_len, "DCT scale denominator must be 1, 2, 4 or 8");
        return CC_ERR_ARGUMENT;
    }
    cc_jpeg_decoder *dec = (cc_jpeg_decoder *)calloc(1, sizeof *dec);
    if (!dec) { cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    dec->allow_corrupt = options ? options->allow_corrupt : 0;
    dec->max_scans = options ? options->max_scans : 1000;
    dec->cinfo.err = jpeg_std_error(&dec->err.pub);
    dec->err.pub.error_exit = cc_jpeg_error_exit;
    dec->err.pub.emit_message = cc_jpeg_emit_message;
    if (setjmp(dec->err.jump)) {
        cc_status st = dec->status;
        cc_set_msg(msg, msg_len, dec->error);
        if (st == CC_ERR_LIMIT) {
            info->width = info->out_width = dec->cinfo.image_width;
            info->height = info->out_height = dec->cinfo.image_height;
        }
        cc_jpeg_close(dec);
        return st;
    }
    jpeg_create_decompress(&dec->cinfo);
    dec->created = 1;
    if (options && options->max_memory > 0) dec->cinfo.mem->max_memory_to_use = options->max_memory;
    dec->progress.progress_monitor = cc_jpeg_progress;
    dec->cinfo.progress = &dec->progress;
    jpeg_mem_src(&dec->cinfo, data, (unsigned long)len);
    jpeg_save_markers(&dec->cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(&dec->cinfo, JPEG_APP0 + 2, 0xFFFF);
    (void)jpeg_read_header(&dec->cinfo, TRUE);

    J_COLOR_SPACE cs = dec->cinfo.jpeg_color_space;
    if (cs == JCS_CMYK || cs == JCS_YCCK) dec->cinfo.out_color_space = JCS_CMYK;
    else if (cs == JCS_GRAYSCALE) dec->cinfo.out_color_space = JCS_GRAYSCALE;
    else dec->cinfo.out_color_space = JCS_RGB;
    dec->cinfo.dct_method = JDCT_ISLOW;
    dec->cinfo.do_fancy_upsampling = TRUE;
    dec->cinfo.scale_num = 1;
    dec->cinfo.scale_denom = (unsigned int)denom;
    jpeg_calc_output_dimensions(&dec->cinfo);

    info->width = dec->cinfo.image_width;
    info->height = dec->cinfo.image_height;
    info->out_width = dec->cinfo.output_width;
    info->out_height = dec->cinfo.output_height;
    info->components = dec->cinfo.output_components;
    info->bytes_per_sample = 1;
    info->bit_depth = dec->cinfo.data_precision;
    info->interlaced = dec->cinfo.progressive_mode ? 1 : 0;
    info->cmyk_inverted = dec->cinfo.saw_Adobe_marker ? 1 : 0;
    cc_set_msg(info->color_model, sizeof info->color_model, cc_jpeg_color_model(cs));

    /* A malformed ICC marker only loses the profile: don't count it as corrupt image data. */
    int saved_allow = dec->allow_corrupt, saved_warnings = dec->warnings, saved_eof = dec->saw_eof;
    dec->allow_corrupt = 1;
    boolean have_icc = jpeg_read_icc_profile(&dec->cinfo, &dec->icc, &dec->icc_len);
    dec->allow_corrupt = saved_allow;
    dec->warnings = saved_warnings;
    dec->saw_eof = saved_eof;
    if (have_icc && dec->icc) {
        info->icc = dec->icc;
        info->icc_len = dec->icc_len;
    }
    for (jpeg_saved_marker_ptr m = dec->cinfo.marker_list; m; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 && memcmp(m->data, "Exif\0\0", 6) == 0) {
            dec->exif = (uint8_t *)malloc(m->data_length - 6);
            if (dec->exif) {
                memcpy(dec->exif, m->data + 6, m->data_length - 6);
                info->exif = dec->exif;
                info->exif_len = m->data_length - 6;
            }
            break;
        }
    }
    *out = dec;
    return CC_OK;
}

cc_status cc_jpeg_rescale(cc_jpeg_decoder *dec, int scale_denom, cc_image_info *info,
                          char *msg, size_t msg_len) {
    if (dec->started) { cc_set_msg(msg, msg_len, "decompression already started"); return CC_ERR_STATE; }
    if (scale_denom != 1 && scale_denom != 2 && scale_denom != 4 && scale_denom != 8) {
        cc_set_msg(msg, msg_len, "DCT scale denominator must be 1, 2, 4 or 8");
        return CC_ERR_ARGUMENT;
    }
    if (setjmp(dec->err.jump)) {
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    dec->cinfo.scale_num = 1;
    dec->cinfo.scale_denom = (unsigned int)scale_denom;
    jpeg_calc_output_dimensions(&dec->cinfo);
    info->out_width = dec->cinfo.output_width;
    info->out_height = dec->cinfo.output_height;
    return CC_OK;
}

cc_status cc_jpeg_start(cc_jpeg_decoder *dec, char *msg, size_t msg_len) {
    if (dec->started) { cc_set_msg(msg, msg_len, "decompression already started"); return CC_ERR_STATE; }
    if (setjmp(dec->err.jump)) {
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    (void)jpeg_start_decompress(&dec->cinfo);
    dec->started = 1;
    return CC_OK;
}

cc_status cc_jpeg_read_rows(cc_jpeg_decoder *dec, uint8_t *dst, size_t stride, uint32_t rows,
                            uint32_t *rows_done, char *msg, size_t msg_len) {
    *rows_done = 0;
    if (!dec->started) { cc_set_msg(msg, msg_len, "decompression not started"); return CC_ERR_STATE; }
    if (rows > dec->cinfo.output_height - dec->cinfo.output_scanline) {
        cc_set_msg(msg, msg_len, "more rows requested than the image has left");
        return CC_ERR_ARGUMENT;
    }
    if (setjmp(dec->err.jump)) {
        dec->started = 0;  /* libjpeg's state is undefined after an error */
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    while (*rows_done < rows) {
        JSAMPROW row = dst + (size_t)(*rows_done) * stride;
        JDIMENSION got = jpeg_read_scanlines(&dec->cinfo, &row, 1);
        if (got == 0) {
            cc_set_msg(msg, msg_len, "decoder returned no rows");
            dec->started = 0;
            return CC_ERR_CORRUPT;
        }
        (*rows_done)++;
    }
    return CC_OK;
}

cc_status cc_jpeg_finish(cc_jpeg_decoder *dec, char *msg, size_t msg_len) {
    if (!dec->started) { cc_set_msg(msg, msg_len, "decompression not running"); return CC_ERR_STATE; }
    if (setjmp(dec->err.jump)) {
        dec->started = 0;
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    (void)jpeg_finish_decompress(&dec->cinfo);
    dec->started = 0;
    return CC_OK;
}

int cc_jpeg_warning_count(const cc_jpeg_decoder *dec, char *msg, size_t msg_len) {
    cc_set_msg(msg, msg_len, dec->first_warning);
    return dec->warnings;
}

void cc_jpeg_close(cc_jpeg_decoder *dec) {
    if (!dec) return;
    if (dec->created) {
        /* jpeg_destroy never calls error_exit, so no setjmp is needed here. */
        jpeg_destroy_decompress(&dec->cinfo);
    }
    free(dec->icc);
    free(dec->exif);
    free(dec);
}
