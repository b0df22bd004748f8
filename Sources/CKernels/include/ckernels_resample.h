#ifndef CKERNELS_RESAMPLE_H
#define CKERNELS_RESAMPLE_H
/* The inner loops of Pooling's byte and planar resize: weighted sums of whole rows, widening,
 * transposes and the YCbCr → RGB conversion, on contiguous buffers. `variant` is one of
 * ckernels.h's (CKERNELS_BEST: AVX2 + FMA when the CPU has them); the variants can differ in
 * the last bit of a sum (FMA rounds once). Thread-safe; no allocation. Precondition for
 * every function: `variant` is supported (ckernels_supported). */
#include <stddef.h>
#include <stdint.h>

/** `dst[i] = Σ_k weights[k] · src[k·stride + i]` for `i < n`, summed in `k` order from zero. */
void ckernels_rows_u8(const uint8_t *src, size_t stride, const float *weights, int taps, float *dst, size_t n, int variant);
/** `rows` rows of `n` bytes, `stride` apart, to Float rows of `n` samples, contiguous. */
void ckernels_widen_rows(const uint8_t *src, size_t stride, size_t rows, size_t n, float *dst, int variant);
/** The same over Float rows. */
void ckernels_rows_f32(const float *src, size_t stride, const float *weights, int taps, float *dst, size_t n, int variant);
/** `dst[x·rows + y] = src[y·cols + x]`: the `rows × cols` matrix `src` transposed. */
void ckernels_transpose(const float *src, size_t rows, size_t cols, float *dst, int variant);
/** JFIF YCbCr planes (0…255 samples) stored transposed (`rows × cols` samples, sample (y, x)
 *  at `x·rows + y`) to row-major interleaved RGB in 0…1, clamped: libjpeg's conversion, in
 *  Float, and the transpose in one pass. `rgb` holds `3·rows·cols` samples. */
void ckernels_ycc_to_rgb_transposed(const float *y, const float *cb, const float *cr, size_t rows, size_t cols, float *rgb, int variant);
/** A plane of 0…255 samples stored transposed to a row-major one in 0…1 (`v · (1/255)`),
 *  not clamped. */
void ckernels_scale_transposed(const float *y, size_t rows, size_t cols, float *out, int variant);

#endif
