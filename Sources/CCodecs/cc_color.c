/* Conversion to sRGB through LittleCMS 2. Each transform has its own LittleCMS context, so
 * error messages go to that transform's caller and threads never share state. */
#include <stdlib.h>
#include <string.h>
#include <lcms2.h>
#include "cc_internal.h"

struct cc_color_transform {
    cmsContext ctx;
    cmsHTRANSFORM xform;
    int out_channels;
    int cmyk;            /* 0, 1 (ink bytes) or 2 (Adobe-inverted bytes): widened to float ink % */
    int bytes_in;        /* 8-bit layouts: LittleCMS writes 16-bit results, widened to float here */
    float *scratch;      /* CMYK ink as float, or the 16-bit results, one chunk */
    size_t scratch_pixels;
};

typedef struct {
    char text[CC_MSG_SIZE];
} cc_lcms_log;

static void cc_lcms_error(cmsContext ctx, cmsUInt32Number code, const char *text) {
    (void)code;
    cc_lcms_log *log = (cc_lcms_log *)cmsGetContextUserData(ctx);
    if (log && log->text[0] == 0) cc_set_msg(log->text, sizeof log->text, text);
}

/* The gray profile converted gray images get: D50 white, the sRGB tone curve. */
static cmsHPROFILE cc_srgb_gray(cmsContext ctx) {
    cmsFloat64Number params[5] = {2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045};
    cmsToneCurve *curve = cmsBuildParametricToneCurve(ctx, 4, params);
    if (!curve) return NULL;
    cmsHPROFILE p = cmsCreateGrayProfileTHR(ctx, cmsD50_xyY(), curve);
    cmsFreeToneCurve(curve);
    if (p) {
        cmsMLU *mlu = cmsMLUalloc(ctx, 1);
        if (mlu && cmsMLUsetASCII(mlu, "en", "US", "sRGB gray (sRGB tone curve, D50)"))
            cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu);
        if (mlu) cmsMLUfree(mlu);
    }
    return p;
}

void cc_icc_color_space(const uint8_t *icc, size_t icc_len, char out[5]) {
    memset(out, 0, 5);
    if (icc && icc_len >= 20) memcpy(out, icc + 16, 4);
}

cc_status cc_color_open_to_srgb(const uint8_t *icc, size_t icc_len, cc_pixels layout,
                                cc_color_transform **out, char *msg, size_t msg_len) {
    *out = NULL;
    if (!icc || icc_len < 132 || icc_len > 0x7FFFFFFF) {
        cc_set_msg(msg, msg_len, "no ICC profile, or one too short to hold a header");
        return CC_ERR_ARGUMENT;
    }
    cc_lcms_log *log = (cc_lcms_log *)calloc(1, sizeof *log);
    if (!log) { cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    cmsContext ctx = cmsCreateContext(NULL, log);
    if (!ctx) { free(log); cc_set_msg(msg, msg_len, "out of memory"); return CC_ERR_MEMORY; }
    cmsSetLogErrorHandlerTHR(ctx, cc_lcms_error);
    cmsHPROFILE src = cmsOpenProfileFromMemTHR(ctx, icc, (cmsUInt32Number)icc_len);
    cc_status st = CC_OK;
    cmsUInt32Number in_fmt = 0, out_fmt = 0, flags = cmsFLAGS_NOCACHE | cmsFLAGS_HIGHRESPRECALC;
    cmsColorSpaceSignature want = cmsSigRgbData;
    int gray = 0, out_channels = 3;
    switch (layout) {
    case CC_PIXELS_GRAY_FLOAT: in_fmt = out_fmt = TYPE_GRAY_FLT; want = cmsSigGrayData; gray = 1; out_channels = 1; break;
    case CC_PIXELS_GRAYA_FLOAT: in_fmt = out_fmt = TYPE_GRAYA_FLT; want = cmsSigGrayData; gray = 1; out_channels = 2;
        flags |= cmsFLAGS_COPY_ALPHA; break;
    case CC_PIXELS_RGB_FLOAT: in_fmt = out_fmt = TYPE_RGB_FLT; break;
    case CC_PIXELS_RGBA_FLOAT: in_fmt = out_fmt = TYPE_RGBA_FLT; out_channels = 4; flags |= cmsFLAGS_COPY_ALPHA; break;
    /* LittleCMS does not mix 8-bit input with float output: CMYK bytes are widened first. */
    case CC_PIXELS_CMYK8:
    case CC_PIXELS_CMYK8_INVERTED: in_fmt = TYPE_CMYK_FLT; out_fmt = TYPE_RGB_FLT; want = cmsSigCmykData; break;
    case CC_PIXELS_GRAY8: in_fmt = TYPE_GRAY_8; out_fmt = TYPE_GRAY_16; want = cmsSigGrayData; gray = 1; out_channels = 1; break;
    case CC_PIXELS_GRAYA8: in_fmt = TYPE_GRAYA_8; out_fmt = TYPE_GRAYA_16; want = cmsSigGrayData; gray = 1; out_channels = 2;
        flags |= cmsFLAGS_COPY_ALPHA; break;
    case CC_PIXELS_RGB8: in_fmt = TYPE_RGB_8; out_fmt = TYPE_RGB_16; break;
    case CC_PIXELS_RGBA8: in_fmt = TYPE_RGBA_8; out_fmt = TYPE_RGBA_16; out_channels = 4; flags |= cmsFLAGS_COPY_ALPHA; break;
    default: st = CC_ERR_ARGUMENT; cc_set_msg(msg, msg_len, "unknown pixel layout");
    }
    if (st == CC_OK && !src) {
        st = CC_ERR_CORRUPT;
        cc_set_msg(msg, msg_len, log->text[0] ? log->text : "LittleCMS cannot read the ICC profile");
    }
    if (st == CC_OK && cmsGetColorSpace(src) != want) {
        st = CC_ERR_ARGUMENT;
        char space[5];
        cc_icc_color_space(icc, icc_len, space);
        char text[96];
        snprintf(text, sizeof text, "the ICC profile describes '%s' data, not the image's %s samples",
                 space, gray ? "gray" : want == cmsSigCmykData ? "CMYK" : "RGB");
        cc_set_msg(msg, msg_len, text);
    }
    cmsHPROFILE dst = NULL;
    if (st == CC_OK) {
        dst = gray ? cc_srgb_gray(ctx) : cmsCreate_sRGBProfileTHR(ctx);
        if (!dst) { st = CC_ERR_MEMORY; cc_set_msg(msg, msg_len, "cannot build the sRGB profile"); }
    }
    cmsHTRANSFORM xform = NULL;
    if (st == CC_OK) {
        xform = cmsCreateTransformTHR(ctx, src, in_fmt, dst, out_fmt, INTENT_RELATIVE_COLORIMETRIC, flags);
        if (!xform) {
            st = CC_ERR_CORRUPT;
            cc_set_msg(msg, msg_len, log->text[0] ? log->text : "LittleCMS cannot build a transform from this profile");
        }
    }
    if (dst) cmsCloseProfile(dst);
    if (src) cmsCloseProfile(src);
    if (st != CC_OK) {
        cmsDeleteContext(ctx);
        free(log);
        return st;
    }
    cc_color_transform *t = (cc_color_transform *)calloc(1, sizeof *t);
    if (!t) {
        cmsDeleteTransform(xform);
        cmsDeleteContext(ctx);
        free(log);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    t->ctx = ctx;
    t->xform = xform;
    t->out_channels = out_channels;
    t->cmyk = layout == CC_PIXELS_CMYK8 ? 1 : layout == CC_PIXELS_CMYK8_INVERTED ? 2 : 0;
    t->bytes_in = layout >= CC_PIXELS_GRAY8;
    *out = t;
    return CC_OK;
}

cc_status cc_color_apply(cc_color_transform *t, const void *src, float *dst, size_t pixels) {
    if (!t) return CC_ERR_ARGUMENT;
    if (pixels == 0) return CC_OK;
    const size_t chunk = 1u << 16;  /* cmsDoTransform counts pixels in 32 bits; bounds the scratch */
    const uint8_t *s = (const uint8_t *)src;
    cmsUInt32Number in_fmt = cmsGetTransformInputFormat(t->xform);
    size_t in_pixel = (t->bytes_in ? 1 : 4) * (size_t)(T_CHANNELS(in_fmt) + T_EXTRA(in_fmt));
    if ((t->cmyk || t->bytes_in) && !t->scratch) {
        t->scratch = (float *)malloc(chunk * 4 * sizeof(float));
        if (!t->scratch) return CC_ERR_MEMORY;
    }
    for (size_t done = 0; done < pixels; done += chunk) {
        size_t n = pixels - done < chunk ? pixels - done : chunk;
        float *out = dst + done * (size_t)t->out_channels;
        if (t->cmyk) {
            const uint8_t *ink = s + done * 4;
            for (size_t i = 0; i < n * 4; i++) {
                float v = (float)ink[i] * (100.0f / 255.0f);
                t->scratch[i] = t->cmyk == 2 ? 100.0f - v : v;
            }
            cmsDoTransform(t->xform, t->scratch, out, (cmsUInt32Number)n);
        } else if (t->bytes_in) {
            /* 16-bit results packed into the front of the float scratch, then widened. */
            uint16_t *wide = (uint16_t *)t->scratch;
            size_t count = n * (size_t)t->out_channels;
            cmsDoTransform(t->xform, s + done * in_pixel, wide, (cmsUInt32Number)n);
            for (size_t i = 0; i < count; i++) out[i] = (float)wide[i] / 65535.0f;  /* v*257/65535 == v/255 */
        } else {
            cmsDoTransform(t->xform, s + done * in_pixel, out, (cmsUInt32Number)n);
        }
    }
    /* Out-of-gamut colours come out of a float transform unbounded; clip as 8/16-bit would. */
    size_t count = pixels * (size_t)t->out_channels;
    for (size_t i = 0; i < count; i++) {
        float v = dst[i];
        dst[i] = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
    }
    return CC_OK;
}

void cc_color_close(cc_color_transform *t) {
    if (!t) return;
    cc_lcms_log *log = (cc_lcms_log *)cmsGetContextUserData(t->ctx);
    cmsDeleteTransform(t->xform);
    cmsDeleteContext(t->ctx);
    free(log);
    free(t->scratch);
    free(t);
}

cc_status cc_srgb_profile(int gray, uint8_t **out, size_t *out_len, char *msg, size_t msg_len) {
    *out = NULL;
    *out_len = 0;
    cmsHPROFILE p = gray ? cc_srgb_gray(NULL) : cmsCreate_sRGBProfile();
    cmsUInt32Number n = 0;
    if (!p || !cmsSaveProfileToMem(p, NULL, &n) || n == 0) {
        if (p) cmsCloseProfile(p);
        cc_set_msg(msg, msg_len, "LittleCMS cannot serialise the sRGB profile");
        return CC_ERR_MEMORY;
    }
    uint8_t *buf = (uint8_t *)malloc(n);
    if (!buf || !cmsSaveProfileToMem(p, buf, &n)) {
        free(buf);
        cmsCloseProfile(p);
        cc_set_msg(msg, msg_len, "out of memory");
        return CC_ERR_MEMORY;
    }
    cmsCloseProfile(p);
    *out = buf;
    *out_len = n;
    return CC_OK;
}

int cc_lcms_version(void) { return cmsGetEncodedCMMversion(); }
