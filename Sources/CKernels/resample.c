/* See ckernels_resample.h. The AVX2 versions carry their own target attribute, so the file
 * builds for any x86-64 and the variant is chosen per call (ckernels_supported). */
#include "ckernels.h"
#include "ckernels_resample.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(__APPLE__)
#include <immintrin.h>
#define CR_X86 1
#else
#define CR_X86 0
#endif

/* Whether `variant` (CKERNELS_BEST resolved) is the AVX2 + FMA one. */
static int use_avx2(int variant) {
    if (variant == CKERNELS_BEST) variant = ckernels_supported(CKERNELS_AVX2) ? CKERNELS_AVX2 : CKERNELS_BASELINE;
    return CR_X86 && variant == CKERNELS_AVX2;
}

static void rows_u8_portable(const uint8_t *src, size_t stride, const float *w, int taps, float *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = 0;
    for (int k = 0; k < taps; k++) {
        const uint8_t *row = src + (size_t)k * stride;
        float wk = w[k];
        for (size_t i = 0; i < n; i++) dst[i] += wk * (float)row[i];
    }
}

static void rows_f32_portable(const float *src, size_t stride, const float *w, int taps, float *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = 0;
    for (int k = 0; k < taps; k++) {
        const float *row = src + (size_t)k * stride;
        float wk = w[k];
        for (size_t i = 0; i < n; i++) dst[i] += wk * row[i];
    }
}

#if CR_X86
/* Eight samples of a row as Float: bytes widened, or Float loaded. */
__attribute__((target("avx2")))
static inline __m256 load8_u8(const uint8_t *p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)p)));
}
__attribute__((target("avx2")))
static inline __m256 load8_f32(const float *p) { return _mm256_loadu_ps(p); }

/* `dst[i] = Σ_k w[k] · src[k·stride + i]`: 32 samples at a time in four accumulators (one
 * FMA chain each), then 8, then one. The same loop for bytes and Float, by `T` and `LOAD`. */
#define ROWS_AVX2(NAME, T, LOAD)                                                                   \
    __attribute__((target("avx2,fma")))                                                           \
    static void NAME(const T *src, size_t stride, const float *w, int taps, float *dst, size_t n) { \
        size_t i = 0;                                                                              \
        for (; i + 32 <= n; i += 32) {                                                             \
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;                            \
            const T *p = src + i;                                                                  \
            for (int k = 0; k < taps; k++, p += stride) {                                          \
                __m256 wk = _mm256_broadcast_ss(w + k);                                            \
                a0 = _mm256_fmadd_ps(LOAD(p), wk, a0);                                             \
                a1 = _mm256_fmadd_ps(LOAD(p + 8), wk, a1);                                         \
                a2 = _mm256_fmadd_ps(LOAD(p + 16), wk, a2);                                        \
                a3 = _mm256_fmadd_ps(LOAD(p + 24), wk, a3);                                        \
            }                                                                                      \
            _mm256_storeu_ps(dst + i, a0);                                                         \
            _mm256_storeu_ps(dst + i + 8, a1);                                                     \
            _mm256_storeu_ps(dst + i + 16, a2);                                                    \
            _mm256_storeu_ps(dst + i + 24, a3);                                                    \
        }                                                                                          \
        for (; i + 8 <= n; i += 8) {                                                               \
            __m256 a = _mm256_setzero_ps();                                                        \
            const T *p = src + i;                                                                  \
            for (int k = 0; k < taps; k++, p += stride) a = _mm256_fmadd_ps(LOAD(p), _mm256_broadcast_ss(w + k), a); \
            _mm256_storeu_ps(dst + i, a);                                                          \
        }                                                                                          \
        for (; i < n; i++) {                                                                       \
            float a = 0;                                                                           \
            for (int k = 0; k < taps; k++) a = __builtin_fmaf(w[k], (float)src[(size_t)k * stride + i], a); \
            dst[i] = a;                                                                            \
        }                                                                                          \
    }

ROWS_AVX2(rows_u8_avx2, uint8_t, load8_u8)
ROWS_AVX2(rows_f32_avx2, float, load8_f32)

/* The 8 × 8 block of `src` (row length `ls`) transposed into registers. */
__attribute__((target("avx2")))
static inline void load_transposed(const float *src, size_t ls, __m256 out[8]) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + ls), r2 = _mm256_loadu_ps(src + 2 * ls),
           r3 = _mm256_loadu_ps(src + 3 * ls), r4 = _mm256_loadu_ps(src + 4 * ls), r5 = _mm256_loadu_ps(src + 5 * ls),
           r6 = _mm256_loadu_ps(src + 6 * ls), r7 = _mm256_loadu_ps(src + 7 * ls);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3),
           t3 = _mm256_unpackhi_ps(r2, r3), t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5),
           t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE), s2 = _mm256_shuffle_ps(t1, t3, 0x44),
           s3 = _mm256_shuffle_ps(t1, t3, 0xEE), s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE),
           s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    out[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    out[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    out[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    out[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    out[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    out[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    out[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    out[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/* The same block transposed and scaled by `k` into `dst` (row length `ld`). */
__attribute__((target("avx2")))
static inline void transpose8s(const float *src, size_t ls, float *dst, size_t ld, __m256 k) {
    __m256 t[8];
    load_transposed(src, ls, t);
    for (int i = 0; i < 8; i++) _mm256_storeu_ps(dst + (size_t)i * ld, _mm256_mul_ps(k, t[i]));
}

/* `dst[x·rows + y] = scale · src[y·cols + x]`: the `rows × cols` matrix transposed (and
 * scaled) in 8 × 8 blocks held in registers, the edges one sample at a time. */
__attribute__((target("avx2")))
static void transpose_avx2(const float *src, size_t rows, size_t cols, float *dst, float scale) {
    const __m256 k = _mm256_set1_ps(scale);
    size_t y = 0;
    for (; y + 8 <= rows; y += 8) {
        size_t x = 0;
        for (; x + 8 <= cols; x += 8) transpose8s(src + y * cols + x, cols, dst + x * rows + y, rows, k);
        for (; x < cols; x++)
            for (size_t i = 0; i < 8; i++) dst[x * rows + y + i] = src[(y + i) * cols + x] * scale;
    }
    for (; y < rows; y++)
        for (size_t x = 0; x < cols; x++) dst[x * rows + y] = src[y * cols + x] * scale;
}
#endif

#if CR_X86
__attribute__((target("avx2")))
static void widen_avx2(const uint8_t *src, size_t n, float *dst) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
        _mm256_storeu_ps(dst + i, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(v)));
        _mm256_storeu_ps(dst + i + 8, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(v, 8))));
    }
    for (; i < n; i++) dst[i] = (float)src[i];
}
#endif

void ckernels_widen_rows(const uint8_t *src, size_t stride, size_t rows, size_t n, float *dst, int variant) {
    for (size_t r = 0; r < rows; r++) {
#if CR_X86
        if (use_avx2(variant)) { widen_avx2(src + r * stride, n, dst + r * n); continue; }
#endif
        for (size_t i = 0; i < n; i++) dst[r * n + i] = (float)src[r * stride + i];
    }
}

void ckernels_rows_u8(const uint8_t *src, size_t stride, const float *weights, int taps, float *dst, size_t n, int variant) {
#if CR_X86
    if (use_avx2(variant)) { rows_u8_avx2(src, stride, weights, taps, dst, n); return; }
#endif
    rows_u8_portable(src, stride, weights, taps, dst, n);
}

void ckernels_rows_f32(const float *src, size_t stride, const float *weights, int taps, float *dst, size_t n, int variant) {
#if CR_X86
    if (use_avx2(variant)) { rows_f32_avx2(src, stride, weights, taps, dst, n); return; }
#endif
    rows_f32_portable(src, stride, weights, taps, dst, n);
}

/* The portable transpose: blocks of 16 × 16 keep both sides in cache. */
static void transpose_portable(const float *src, size_t rows, size_t cols, float *dst, float scale) {
    for (size_t y0 = 0; y0 < rows; y0 += 16)
        for (size_t x0 = 0; x0 < cols; x0 += 16) {
            size_t ye = y0 + 16 < rows ? y0 + 16 : rows, xe = x0 + 16 < cols ? x0 + 16 : cols;
            for (size_t y = y0; y < ye; y++)
                for (size_t x = x0; x < xe; x++) dst[x * rows + y] = src[y * cols + x] * scale;
        }
}

static void transpose(const float *src, size_t rows, size_t cols, float *dst, float scale, int variant) {
#if CR_X86
    if (use_avx2(variant)) { transpose_avx2(src, rows, cols, dst, scale); return; }
#endif
    transpose_portable(src, rows, cols, dst, scale);
}

void ckernels_transpose(const float *src, size_t rows, size_t cols, float *dst, int variant) {
    transpose(src, rows, cols, dst, 1.0f, variant);
}

static inline float clamp01(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

static void ycc_row(const float *y, const float *cb, const float *cr, size_t n, float *rgb) {
    const float s = 1.0f / 255.0f;
    size_t i = 0;
#if CR_X86
    /* Four pixels at a time (SSE, every x86-64), stored interleaved by three shuffles. */
    const __m128 k = _mm_set1_ps(s), c128 = _mm_set1_ps(128.0f), zero = _mm_setzero_ps(), one = _mm_set1_ps(1.0f);
    const __m128 kr = _mm_set1_ps(1.402f), kgb = _mm_set1_ps(0.344136286f), kgr = _mm_set1_ps(0.714136286f),
                 kb = _mm_set1_ps(1.772f);
    for (; i + 4 <= n; i += 4) {
        __m128 Y = _mm_loadu_ps(y + i), b = _mm_sub_ps(_mm_loadu_ps(cb + i), c128), r = _mm_sub_ps(_mm_loadu_ps(cr + i), c128);
        __m128 R = _mm_min_ps(one, _mm_max_ps(zero, _mm_mul_ps(_mm_add_ps(Y, _mm_mul_ps(kr, r)), k)));
        __m128 G = _mm_min_ps(one, _mm_max_ps(zero, _mm_mul_ps(_mm_sub_ps(_mm_sub_ps(Y, _mm_mul_ps(kgb, b)), _mm_mul_ps(kgr, r)), k)));
        __m128 B = _mm_min_ps(one, _mm_max_ps(zero, _mm_mul_ps(_mm_add_ps(Y, _mm_mul_ps(kb, b)), k)));
        __m128 rg_lo = _mm_unpacklo_ps(R, G), rg_hi = _mm_unpackhi_ps(R, G);
        __m128 br = _mm_shuffle_ps(B, R, _MM_SHUFFLE(1, 1, 0, 0)), gb = _mm_shuffle_ps(G, B, _MM_SHUFFLE(1, 1, 1, 1));
        __m128 br2 = _mm_shuffle_ps(B, R, _MM_SHUFFLE(3, 3, 2, 2)), gb3 = _mm_shuffle_ps(G, B, _MM_SHUFFLE(3, 3, 3, 3));
        _mm_storeu_ps(rgb + 3 * i, _mm_shuffle_ps(rg_lo, br, _MM_SHUFFLE(2, 0, 1, 0)));
        _mm_storeu_ps(rgb + 3 * i + 4, _mm_shuffle_ps(gb, rg_hi, _MM_SHUFFLE(1, 0, 2, 0)));
        _mm_storeu_ps(rgb + 3 * i + 8, _mm_shuffle_ps(br2, gb3, _MM_SHUFFLE(2, 0, 2, 0)));
    }
#endif
    for (; i < n; i++) {
        float Y = y[i], b = cb[i] - 128.0f, r = cr[i] - 128.0f;
        rgb[3 * i] = clamp01((Y + 1.402f * r) * s);
        rgb[3 * i + 1] = clamp01((Y - 0.344136286f * b - 0.714136286f * r) * s);
        rgb[3 * i + 2] = clamp01((Y + 1.772f * b) * s);
    }
}

/* Copies the `h × w` block at column-major (`x·rows + y`) position (y0, x0) of `src` into
 * `dst` row-major (8 floats per row). */
static void gather_block(const float *src, size_t rows, size_t y0, size_t x0, size_t h, size_t w, float dst[64]) {
    for (size_t x = 0; x < w; x++)
        for (size_t y = 0; y < h; y++) dst[y * 8 + x] = src[(x0 + x) * rows + y0 + y];
}

#if CR_X86
/* Full 8 × 8 blocks of the transposed planes converted and stored as interleaved RGB: the
 * three blocks transposed in registers, eight pixels converted at a time, and each row's
 * 24 samples put in order by per-lane shuffles (pixels 0–3 and 4–7 side by side). */
__attribute__((target("avx2,fma")))
static void ycc_blocks_avx2(const float *y, const float *cb, const float *cr, size_t rows, size_t cols, float *rgb) {
    const __m256 k = _mm256_set1_ps(1.0f / 255.0f), c128 = _mm256_set1_ps(128.0f), zero = _mm256_setzero_ps(),
                 one = _mm256_set1_ps(1.0f), kr = _mm256_set1_ps(1.402f), kgb = _mm256_set1_ps(0.344136286f),
                 kgr = _mm256_set1_ps(0.714136286f), kb = _mm256_set1_ps(1.772f);
    __m256 by[8], bb[8], br[8];
    for (size_t x0 = 0; x0 + 8 <= cols; x0 += 8)
        for (size_t y0 = 0; y0 + 8 <= rows; y0 += 8) {
            load_transposed(y + x0 * rows + y0, rows, by);
            load_transposed(cb + x0 * rows + y0, rows, bb);
            load_transposed(cr + x0 * rows + y0, rows, br);
            for (int r = 0; r < 8; r++) {
                __m256 Y = by[r], b = _mm256_sub_ps(bb[r], c128), c = _mm256_sub_ps(br[r], c128);
                __m256 R = _mm256_min_ps(one, _mm256_max_ps(zero, _mm256_mul_ps(_mm256_add_ps(Y, _mm256_mul_ps(kr, c)), k)));
                __m256 G = _mm256_min_ps(one, _mm256_max_ps(zero, _mm256_mul_ps(
                    _mm256_sub_ps(_mm256_sub_ps(Y, _mm256_mul_ps(kgb, b)), _mm256_mul_ps(kgr, c)), k)));
                __m256 B = _mm256_min_ps(one, _mm256_max_ps(zero, _mm256_mul_ps(_mm256_add_ps(Y, _mm256_mul_ps(kb, b)), k)));
                __m256 rg_lo = _mm256_unpacklo_ps(R, G), rg_hi = _mm256_unpackhi_ps(R, G);
                __m256 o0 = _mm256_shuffle_ps(rg_lo, _mm256_shuffle_ps(B, R, _MM_SHUFFLE(1, 1, 0, 0)), _MM_SHUFFLE(2, 0, 1, 0));
                __m256 o1 = _mm256_shuffle_ps(_mm256_shuffle_ps(G, B, _MM_SHUFFLE(1, 1, 1, 1)), rg_hi, _MM_SHUFFLE(1, 0, 2, 0));
                __m256 o2 = _mm256_shuffle_ps(_mm256_shuffle_ps(B, R, _MM_SHUFFLE(3, 3, 2, 2)),
                                              _mm256_shuffle_ps(G, B, _MM_SHUFFLE(3, 3, 3, 3)), _MM_SHUFFLE(2, 0, 2, 0));
                float *out = rgb + ((y0 + (size_t)r) * cols + x0) * 3;
                _mm256_storeu_ps(out, _mm256_permute2f128_ps(o0, o1, 0x20));
                _mm256_storeu_ps(out + 8, _mm256_permute2f128_ps(o2, o0, 0x30));
                _mm256_storeu_ps(out + 16, _mm256_permute2f128_ps(o1, o2, 0x31));
            }
        }
}
#endif

void ckernels_ycc_to_rgb_transposed(const float *y, const float *cb, const float *cr, size_t rows, size_t cols, float *rgb, int variant) {
    float by[64], bb[64], br[64];
    int avx2 = use_avx2(variant);
#if CR_X86
    if (avx2) ycc_blocks_avx2(y, cb, cr, rows, cols, rgb);
#endif
    for (size_t y0 = 0; y0 < rows; y0 += 8) {
        size_t h = rows - y0 < 8 ? rows - y0 : 8;
        for (size_t x0 = 0; x0 < cols; x0 += 8) {
            size_t w = cols - x0 < 8 ? cols - x0 : 8;
            if (avx2 && h == 8 && w == 8) continue;  /* done by ycc_blocks_avx2 */
            gather_block(y, rows, y0, x0, h, w, by);
            gather_block(cb, rows, y0, x0, h, w, bb);
            gather_block(cr, rows, y0, x0, h, w, br);
            for (size_t r = 0; r < h; r++) ycc_row(by + 8 * r, bb + 8 * r, br + 8 * r, w, rgb + ((y0 + r) * cols + x0) * 3);
        }
    }
}

void ckernels_scale_transposed(const float *y, size_t rows, size_t cols, float *out, int variant) {
    /* `y` is the `cols × rows` matrix of the plane's columns. */
    transpose(y, cols, rows, out, 1.0f / 255.0f, variant);
}
