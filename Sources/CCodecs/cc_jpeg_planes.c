/* JPEG decoding into planes: libjpeg's raw data output, the components as stored (no chroma
 * upsampling, no colour conversion), for callers that resample each plane themselves. */
#include <stdlib.h>
#include <jerror.h>
#include "cc_jpeg_internal.h"

/* Rows of one component per iMCU row, and the most any component can have (4 × 16). */
#define CC_MAX_PLANE_ROWS 64

cc_status cc_jpeg_start_planes(cc_jpeg_decoder *dec, cc_jpeg_plane_info *info, char *msg, size_t msg_len) {
    memset(info, 0, sizeof *info);
    if (dec->started) { cc_set_msg(msg, msg_len, "decompression already started"); return CC_ERR_STATE; }
    struct jpeg_decompress_struct *d = &dec->cinfo;
    int planes = d->jpeg_color_space == JCS_YCbCr && d->num_components == 3 ? 3
               : d->jpeg_color_space == JCS_GRAYSCALE && d->num_components == 1 ? 1 : 0;
    if (planes == 0) {
        cc_set_msg(msg, msg_len, "only grayscale and YCbCr JPEGs are read as planes");
        return CC_ERR_ARGUMENT;
    }
    for (int c = 0; c < planes; c++) {
        if (d->comp_info[c].v_samp_factor * d->comp_info[c].DCT_scaled_size > CC_MAX_PLANE_ROWS) {
            cc_set_msg(msg, msg_len, "sampling factors too large for plane output");
            return CC_ERR_ARGUMENT;
        }
    }
    if (setjmp(dec->err.jump)) {
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    d->raw_data_out = TRUE;
    d->out_color_space = d->jpeg_color_space;
    (void)jpeg_start_decompress(d);
    dec->started = 1;
    info->planes = planes;
    for (int c = 0; c < planes; c++) {
        jpeg_component_info *p = &d->comp_info[c];
        int size = p->DCT_scaled_size;
        info->width[c] = p->downsampled_width;
        info->height[c] = p->downsampled_height;
        info->stride[c] = p->width_in_blocks * (uint32_t)size;
        info->rows[c] = d->total_iMCU_rows * (uint32_t)(p->v_samp_factor * size);
        /* Relative to the decoded (output) grid, as the rows libjpeg would upsample to. */
        info->extent_x[c] = (double)d->output_width * p->h_samp_factor * size / (d->max_h_samp_factor * d->min_DCT_scaled_size);
        info->extent_y[c] = (double)d->output_height * p->v_samp_factor * size / (d->max_v_samp_factor * d->min_DCT_scaled_size);
    }
    return CC_OK;
}

cc_status cc_jpeg_read_planes(cc_jpeg_decoder *dec, uint8_t *const planes[3], char *msg, size_t msg_len) {
    struct jpeg_decompress_struct *d = &dec->cinfo;
    if (!dec->started || !d->raw_data_out) {
        cc_set_msg(msg, msg_len, "plane decompression not started");
        return CC_ERR_STATE;
    }
    if (setjmp(dec->err.jump)) {
        dec->started = 0;  /* libjpeg's state is undefined after an error */
        cc_set_msg(msg, msg_len, dec->error);
        return dec->status;
    }
    JSAMPROW rows[3][CC_MAX_PLANE_ROWS];
    JSAMPARRAY arrays[3] = {rows[0], rows[1], rows[2]};
    JDIMENSION lines = (JDIMENSION)(d->max_v_samp_factor * d->min_DCT_scaled_size);
    for (JDIMENSION imcu = 0; d->output_scanline < d->output_height; imcu++) {
        for (int c = 0; c < d->num_components; c++) {
            jpeg_component_info *p = &d->comp_info[c];
            size_t per = (size_t)(p->v_samp_factor * p->DCT_scaled_size);
            size_t stride = (size_t)p->width_in_blocks * (size_t)p->DCT_scaled_size;
            for (size_t r = 0; r < per; r++) rows[c][r] = planes[c] + (imcu * per + r) * stride;
        }
        if (jpeg_read_raw_data(d, arrays, lines) == 0) {
            cc_set_msg(msg, msg_len, "decoder returned no rows");
            dec->started = 0;
            return CC_ERR_CORRUPT;
        }
    }
    return CC_OK;
}
