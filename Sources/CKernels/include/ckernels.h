#ifndef CKERNELS_H
#define CKERNELS_H
/* Inner loops in C: dataset payload conversions here, the resize's in ckernels_resample.h.
 * x86-64 AVX2/F16C/FMA variants are chosen at run
 * time (Swift cannot target a CPU feature per function). Pure computation: no allocation,
 * no state beyond the cached CPU check. Each variant gives the same bytes for every input. */
#include <stddef.h>
#include <stdint.h>

enum {
    /** Plain C, vectorised by the compiler for the build's baseline. */
    CKERNELS_BASELINE = 0,
    /** AVX2, FMA and F16C, on x86-64 CPUs that have all three. */
    CKERNELS_AVX2 = 1,
    /** The best variant this CPU runs. */
    CKERNELS_BEST = -1
};

/** Whether `variant` runs on this CPU (the baseline always does). */
int ckernels_supported(int variant);

/** `dst[i] = round(v × 255)` clamped to 0…255, halves up, NaN 0, for `v = src[i]`: the
 *  8-bit quantisation of PoolPipe's encoders. Precondition: `variant` is supported. */
void ckernels_quantize_u8(const float *src, uint8_t *dst, size_t count, int variant);

/** `dst[i]` = the IEEE binary16 bits of `src[i]` rounded to nearest even (NaN: quiet, sign
 *  and top payload bits kept), native byte order. Precondition: `variant` is supported. */
void ckernels_float_to_half(const float *src, uint16_t *dst, size_t count, int variant);

#endif
