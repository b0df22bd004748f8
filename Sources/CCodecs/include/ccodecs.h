/* CCodecs: the only C in PoolPipe. Owns every libpng/libjpeg call and every setjmp.
 *
 * Every entry point sets its own setjmp, so no longjmp ever crosses a caller's frame, and
 * no caller callbacks run inside libpng/libjpeg. Functions return a cc_status and, on
 * failure, write a human-readable detail (libpng/libjpeg's own words) into `msg`.
 * Decoders read from a memory buffer that must stay alive and unchanged until close.
 */
#ifndef CCODECS_H
#define CCODECS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a CCodecs call. */
typedef enum {
    CC_OK = 0,
    CC_ERR_SIGNATURE = 1,   /* not the expected format */
    CC_ERR_TRUNCATED = 2,   /* the data ends before the image does */
    CC_ERR_CRC = 3,         /* PNG chunk CRC mismatch; msg holds the chunk name */
    CC_ERR_LIMIT = 4,       /* dimensions over a library or caller limit */
    CC_ERR_CORRUPT = 5,     /* malformed or corrupt data */
    CC_ERR_MEMORY = 6,      /* allocation failed or over the memory cap */
    CC_ERR_SCANS = 7,       /* too many progressive JPEG scans */
    CC_ERR_ARGUMENT = 8,    /* caller passed an invalid argument */
    CC_ERR_STATE = 9        /* call out of order (e.g. read after a failure) */
} cc_status;

/** Size of the message buffers callers should pass. */
#define CC_MSG_SIZE 256

/** What a decoder learned from the header. Pointers stay valid until the decoder is closed. */
typedef struct {
    uint32_t width, height;          /* stored size */
    uint32_t out_width, out_height;  /* size of the rows read (differs with JPEG DCT scaling) */
    int components;                  /* samples per pixel in the rows read (JPEG CMYK: 4) */
    int bytes_per_sample;            /* 1, or 2 for 16-bit PNG (big-endian samples) */
    int bit_depth;                   /* bits per sample in the file */
    int interlaced;                  /* Adam7 or progressive JPEG */
    int cmyk_inverted;               /* JPEG CMYK rows are Adobe-inverted (0 = ink, 255 = none) */
    char color_model[16];            /* "gray", "gray+alpha", "rgb", "rgba", "palette", "ycbcr", "cmyk", "ycck" */
    const uint8_t *icc;  size_t icc_len;   /* ICC profile, or NULL */
    const uint8_t *exif; size_t exif_len;  /* TIFF-structured EXIF data (after "Exif\0\0"), or NULL */
} cc_image_info;

/* ---- PNG decoding ---- */
typedef struct cc_png_decoder cc_png_decoder;

/** Parses the signature and every chunk up to the first IDAT. On success `*out` must be
 *  closed with cc_png_close. Outputs: palette → RGB(A), tRNS → alpha, gray < 8 bits → 8-bit
 *  full range, 16-bit kept (big-endian). */
cc_status cc_png_open(const uint8_t *data, size_t len, cc_png_decoder **out,
                      cc_image_info *info, char *msg, size_t msg_len);
/** Reads the next `rows` rows (top to bottom) into `dst`, `stride` bytes apart.
 *  `*rows_done` gets the rows completely written, also on failure (for truncated files). */
cc_status cc_png_read_rows(cc_png_decoder *dec, uint8_t *dst, size_t stride, uint32_t rows,
                           uint32_t *rows_done, char *msg, size_t msg_len);
/** Reads the chunks after the image data (checks CRCs and IEND; may find eXIf). */
cc_status cc_png_finish(cc_png_decoder *dec, cc_image_info *info, char *msg, size_t msg_len);
void cc_png_close(cc_png_decoder *dec);

/* ---- JPEG decoding ---- */
typedef struct cc_jpeg_decoder cc_jpeg_decoder;

/** Options for cc_jpeg_open. */
typedef struct {
    int scale_denom;        /* 1, 2, 4 or 8 (DCT scaling) */
    int allow_corrupt;      /* corrupt-data warnings (truncation) do not fail the decode */
    int max_scans;          /* progressive scan cap, e.g. 1000 */
    long max_memory;        /* libjpeg max_memory_to_use, bytes (0 = library default) */
} cc_jpeg_options;

/** Reads the header (through the first SOS) and computes the output size. Nothing large is
 *  allocated yet. On a too-large image returns CC_ERR_LIMIT with info->width/height set. */
cc_status cc_jpeg_open(const uint8_t *data, size_t len, const cc_jpeg_options *options,
                       cc_jpeg_decoder **out, cc_image_info *info, char *msg, size_t msg_len);
/** Changes the DCT scale denominator (1, 2, 4 or 8) after the header was read and before
 *  decompression starts, so the header can decide it; updates info->out_width/out_height. */
cc_status cc_jpeg_rescale(cc_jpeg_decoder *dec, int scale_denom, cc_image_info *info,
                          char *msg, size_t msg_len);
/** Starts decompression (allocates libjpeg's buffers; reads every scan of a progressive file). */
cc_status cc_jpeg_start(cc_jpeg_decoder *dec, char *msg, size_t msg_len);
/** Reads the next `rows` rows into `dst`, `stride` bytes apart. */
cc_status cc_jpeg_read_rows(cc_jpeg_decoder *dec, uint8_t *dst, size_t stride, uint32_t rows,
                            uint32_t *rows_done, char *msg, size_t msg_len);
/** Finishes decompression; reports whether corrupt-data warnings were tolerated. */
cc_status cc_jpeg_finish(cc_jpeg_decoder *dec, char *msg, size_t msg_len);
/** Number of corrupt-data warnings tolerated so far, and the first one's text. */
int cc_jpeg_warning_count(const cc_jpeg_decoder *dec, char *msg, size_t msg_len);
void cc_jpeg_close(cc_jpeg_decoder *dec);
/** How a JPEG read as planes is laid out (cc_jpeg_start_planes). */
typedef struct {
    int planes;                      /* 1 (gray) or 3 (Y, Cb, Cr as stored) */
    uint32_t width[3], height[3];    /* valid samples of each plane */
    uint32_t stride[3];              /* bytes per row of the buffer plane c is read into */
    uint32_t rows[3];                /* rows of that buffer (whole iMCU rows, >= height) */
    double extent_x[3], extent_y[3]; /* the decoded (output) width and height in plane c's samples
                                        (a 4:2:0 chroma plane of a 375-row image: 187.5) */
} cc_jpeg_plane_info;
/** Starts an opened decoder (DCT scale set, nothing read) in plane output: libjpeg's raw
 *  data, no chroma upsampling and no colour conversion. CC_ERR_ARGUMENT for JPEGs that are
 *  not grayscale or YCbCr (CMYK, YCCK, RGB), the decoder untouched then. */
cc_status cc_jpeg_start_planes(cc_jpeg_decoder *dec, cc_jpeg_plane_info *info, char *msg, size_t msg_len);
/** Reads the whole image: plane c into `planes[c]` (info.rows[c] rows of info.stride[c]
 *  bytes each). Then cc_jpeg_finish. */
cc_status cc_jpeg_read_planes(cc_jpeg_decoder *dec, uint8_t *const planes[3], char *msg, size_t msg_len);


/* ---- Encoding ---- */

/** Encodes `height` rows of `width * channels` samples (1–4 channels; bit_depth 8 or 16, 16-bit
 *  samples big-endian) as PNG. `icc` may be NULL. On success `*out` is malloc'd: free with cc_free. */
cc_status cc_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                        int bit_depth, const uint8_t *icc, size_t icc_len,
                        uint8_t **out, size_t *out_len, char *msg, size_t msg_len);

/** Encodes 8-bit gray (channels 1) or RGB (channels 3) as baseline JPEG; quality 1–100;
 *  chroma444 selects 4:4:4 instead of 4:2:0. `icc` is written as APP2 segments. */
cc_status cc_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         int quality, int chroma444, const uint8_t *icc, size_t icc_len,
                         uint8_t **out, size_t *out_len, char *msg, size_t msg_len);

/** Options of the _ex encoders. Zero-initialise, then set what applies. */
typedef struct {
    int quality;        /* JPEG and lossy WebP, 1-100 */
    int progressive;    /* JPEG: progressive scans (libjpeg's simple progression) */
    int optimize_coding; /* JPEG: optimised Huffman tables (a few % smaller, slower to encode);
                           off = libjpeg's standard tables, as cjpeg, Pillow and vips default.
                           Progressive JPEG always optimises. */
    int chroma444;      /* JPEG: 4:4:4 chroma instead of libjpeg's default 4:2:0 */
    int lossless;       /* WebP: lossless instead of lossy */
    int png_level;      /* PNG: zlib level 1-9; 0 = the default, 4 under adaptive row filters.
                           Level 1 uses the SUB filter and run-length matches only, the
                           fastest to encode (previews, reports). */
    const uint8_t *icc;  size_t icc_len;   /* ICC profile to embed, or NULL */
    const uint8_t *exif; size_t exif_len;  /* TIFF-structured EXIF (no "Exif\0\0"), or NULL */
} cc_encode_options;

/** cc_png_encode with EXIF (an eXIf chunk) too. */
cc_status cc_png_encode_ex(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                           int bit_depth, const cc_encode_options *opt,
                           uint8_t **out, size_t *out_len, char *msg, size_t msg_len);

/** cc_jpeg_encode with progressive scans and EXIF (APP1; dropped when over 65527 bytes). */
cc_status cc_jpeg_encode_ex(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                            const cc_encode_options *opt,
                            uint8_t **out, size_t *out_len, char *msg, size_t msg_len);

/** Encodes 8-bit RGB (channels 3) or RGBA (channels 4) as WebP through libwebp: lossy at
 *  opt->quality or lossless; alpha kept. ICC and EXIF go into ICCP/EXIF chunks (libwebpmux,
 *  extended VP8X format). On success `*out` is malloc'd: free with cc_free. */
cc_status cc_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                         const cc_encode_options *opt,
                         uint8_t **out, size_t *out_len, char *msg, size_t msg_len);
/** libwebp's encoder version as 0xMMmmpp (major, minor, patch bytes). */
int cc_libwebp_version(void);

/* ---- Colour management (LittleCMS 2) ---- */
typedef struct cc_color_transform cc_color_transform;

/** Pixel layouts a transform reads. */
typedef enum {
    CC_PIXELS_GRAY_FLOAT = 0,   /* float gray, 0...1 */
    CC_PIXELS_GRAYA_FLOAT = 1,  /* float gray + alpha (alpha copied) */
    CC_PIXELS_RGB_FLOAT = 2,    /* float RGB, 0...1 */
    CC_PIXELS_RGBA_FLOAT = 3,   /* float RGBA (alpha copied) */
    CC_PIXELS_CMYK8 = 4,        /* 8-bit CMYK, 0 = no ink */
    CC_PIXELS_CMYK8_INVERTED = 5, /* 8-bit CMYK, Adobe-inverted (255 = no ink) */
    CC_PIXELS_GRAY8 = 6,        /* 8-bit gray */
    CC_PIXELS_GRAYA8 = 7,       /* 8-bit gray + alpha (alpha copied) */
    CC_PIXELS_RGB8 = 8,         /* 8-bit RGB */
    CC_PIXELS_RGBA8 = 9         /* 8-bit RGBA (alpha copied) */
} cc_pixels;

/** Builds a transform from the ICC profile `icc` to sRGB (relative colorimetric intent, no
 *  black point compensation, float output clamped to 0...1). Float and CMYK layouts run
 *  LittleCMS's float pipeline (exact, slow: a pow() per sample); the 8-bit layouts run its
 *  optimised integer pipeline (high-resolution precalculation) into 16-bit results, ample
 *  for 8-bit sources and about 30x faster. Gray layouts convert to gray
 *  with the sRGB tone curve (D50 white), so they stay one channel; the others give RGB
 *  (RGBA for CC_PIXELS_RGBA_FLOAT). CC_ERR_ARGUMENT when the profile's colour space does not
 *  match the layout; CC_ERR_CORRUPT when LittleCMS cannot read the profile. */
cc_status cc_color_open_to_srgb(const uint8_t *icc, size_t icc_len, cc_pixels layout,
                                cc_color_transform **out, char *msg, size_t msg_len);
/** Converts `pixels` pixels from `src` (the layout given at open) to float samples in `dst`
 *  (which must not overlap `src`). CC_ERR_MEMORY when the CMYK scratch cannot be had. */
cc_status cc_color_apply(cc_color_transform *t, const void *src, float *dst, size_t pixels);
void cc_color_close(cc_color_transform *t);
/** The ICC profile's colour space signature (e.g. "RGB ", "GRAY", "CMYK"), 4 chars + NUL,
 *  read from the header; "" when the data is too short. */
void cc_icc_color_space(const uint8_t *icc, size_t icc_len, char out[5]);
/** The sRGB profile (gray = 0) or sRGB-curve gray profile (gray = 1) that converted outputs
 *  carry, serialised by LittleCMS; malloc'd, free with cc_free. */
cc_status cc_srgb_profile(int gray, uint8_t **out, size_t *out_len, char *msg, size_t msg_len);
/** LittleCMS version, e.g. 2140. */
int cc_lcms_version(void);

void cc_free(void *p);

/* ---- Library versions ---- */
const char *cc_libpng_version(void);   /* e.g. "1.6.39" */
const char *cc_libjpeg_version(void);  /* e.g. "libjpeg-turbo 2.1.5 (API 8)" */
int cc_version(void);

#ifdef __cplusplus
}
#endif
#endif
