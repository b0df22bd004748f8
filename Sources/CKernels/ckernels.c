#include "ckernels.h"
#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__)) && !defined(__APPLE__)
#define CKERNELS_X86 1
#include <immintrin.h>
#endif

/* t = clamp(v × 255, 0, 255) (NaN 0); trunc(t + (0.5 − 2⁻²⁵)) is round half up of t for
 * every float t in 0…255 (checked over all 2³² floats): exact halves reach the next
 * integer, and the float just below a half stays below it, also near 0 where t + 0.5
 * alone would round 0.5 − 2⁻²⁵ up to 1. */
static const float just_below_half = 0.49999997f;

static inline uint8_t quantize1(float v) {
    float x = v * 255.0f;
    float t = x > 0.0f ? x : 0.0f;
    t = t < 255.0f ? t : 255.0f;
    return (uint8_t)(int32_t)(t + just_below_half);
}

static inline uint16_t half1(float v) {
    int32_t bits;
    memcpy(&bits, &v, 4);
    int32_t sign = (bits >> 16) & 0x8000;
    int32_t a = bits & 0x7FFFFFFF;
    /* Normal halves: rebias the exponent, round the 13 dropped bits to nearest even. */
    int32_t normal = (int32_t)(((uint32_t)a - 0x37FFF001u + (uint32_t)((a >> 13) & 1)) >> 13);
    /* Subnormal halves: adding 0.5 puts units of 2^-24 in the low mantissa bits, rounded. */
    float f, g;
    memcpy(&f, &a, 4);
    g = f + 0.5f;
    int32_t small;
    memcpy(&small, &g, 4);
    small -= 0x3F000000;
    int32_t nan = 0x7E00 | ((a >> 13) & 0x1FF);
    int32_t h = a < 0x38800000 ? small : normal;
    h = a >= 0x47800000 ? 0x7C00 : h;
    h = a > 0x7F800000 ? nan : h;
    return (uint16_t)(h | sign);
}

static void quantize_baseline(const float *src, uint8_t *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = quantize1(src[i]);
}

static void half_baseline(const float *src, uint16_t *dst, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = half1(src[i]);
}

#ifdef CKERNELS_X86
__attribute__((target("avx2")))
static void quantize_avx2(const float *src, uint8_t *dst, size_t n) {
    const __m256 k255 = _mm256_set1_ps(255.0f), zero = _mm256_setzero_ps(), bias = _mm256_set1_ps(just_below_half);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i r[4];
        for (int j = 0; j < 4; j++) {
            __m256 x = _mm256_mul_ps(_mm256_loadu_ps(src + i + 8 * j), k255);
            x = _mm256_max_ps(x, zero);   /* x > 0 ? x : 0, so NaN gives 0 */
            x = _mm256_min_ps(x, k255);
            r[j] = _mm256_cvttps_epi32(_mm256_add_ps(x, bias));
        }
        /* Packs work per 128-bit half; the permutation puts the 4-byte groups in order. */
        __m256i bytes = _mm256_packus_epi16(_mm256_packs_epi32(r[0], r[1]), _mm256_packs_epi32(r[2], r[3]));
        _mm256_storeu_si256((__m256i *)(dst + i), _mm256_permutevar8x32_epi32(bytes, order));
    }
    for (; i < n; i++) dst[i] = quantize1(src[i]);
}

__attribute__((target("avx2,f16c")))
static void half_f16c(const float *src, uint16_t *dst, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm_storeu_si128((__m128i *)(dst + i), h);
    }
    for (; i < n; i++) dst[i] = half1(src[i]);
}
#endif

int ckernels_supported(int variant) {
    if (variant == CKERNELS_BASELINE || variant == CKERNELS_BEST) return 1;
#ifdef CKERNELS_X86
    if (variant == CKERNELS_AVX2) {
        /* Every thread that finds it unset computes the same value. */
        static atomic_int cached = -1;
        int known = atomic_load_explicit(&cached, memory_order_relaxed);
        if (known < 0) {
            __builtin_cpu_init();
            known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("f16c") && __builtin_cpu_supports("fma");
            atomic_store_explicit(&cached, known, memory_order_relaxed);
        }
        return known;
    }
#endif
    return 0;
}

static int resolve(int variant) {
    if (variant == CKERNELS_BEST) return ckernels_supported(CKERNELS_AVX2) ? CKERNELS_AVX2 : CKERNELS_BASELINE;
    return variant;
}

void ckernels_quantize_u8(const float *src, uint8_t *dst, size_t count, int variant) {
#ifdef CKERNELS_X86
    if (resolve(variant) == CKERNELS_AVX2) { quantize_avx2(src, dst, count); return; }
#else
    (void)resolve(variant);
#endif
    quantize_baseline(src, dst, count);
}

void ckernels_float_to_half(const float *src, uint16_t *dst, size_t count, int variant) {
#ifdef CKERNELS_X86
    if (resolve(variant) == CKERNELS_AVX2) { half_f16c(src, dst, count); return; }
#else
    (void)resolve(variant);
#endif
    half_baseline(src, dst, count);
}
