#ifndef CRESAMPLE_H
#define CRESAMPLE_H
/* The inner loops of Pooling's planar resize: weighted sums of whole rows, a transpose and
 * the YCbCr → RGB conversion, on contiguous buffers. Each picks an AVX2 + FMA version at run
 * time when the CPU has both, a portable one otherwise; the two can differ in the last bit
 * (FMA rounds once). Thread-safe; no allocation. */
#include <stddef.h>
#include <stdint.h>

/** `dst[i] = Σ_k weights[k] · src[k·stride + i]` for `i < n`, summed in `k` order from zero. */
void cr_rows_u8(const uint8_t *src, size_t stride, const float *weights, int taps, float *dst, size_t n);
/** `rows` rows of `n` bytes, `stride` apart, to Float rows of `n` samples, contiguous. */
void cr_widen_rows(const uint8_t *src, size_t stride, size_t rows, size_t n, float *dst);
/** The same over Float rows. */
void cr_rows_f32(const float *src, size_t stride, const float *weights, int taps, float *dst, size_t n);
/** `dst[x·rows + y] = src[y·cols + x]`: the `rows × cols` matrix `src` transposed. */
void cr_transpose(const float *src, size_t rows, size_t cols, float *dst);
/** JFIF YCbCr planes (0…255 samples) stored transposed (`rows × cols` samples, sample (y, x)
 *  at `x·rows + y`) to row-major interleaved RGB in 0…1, clamped: libjpeg's conversion, in
 *  Float, and the transpose in one pass. `rgb` holds `3·rows·cols` samples. */
void cr_ycc_to_rgb_transposed(const float *y, const float *cb, const float *cr, size_t rows, size_t cols, float *rgb);
/** A plane of 0…255 samples stored transposed to a row-major one in 0…1 (`v · (1/255)`),
 *  not clamped. */
void cr_scale_gray_transposed(const float *y, size_t rows, size_t cols, float *out);

#endif
