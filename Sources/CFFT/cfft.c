#include "cfft.h"
#include <fftw3.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* FFTW's planner is not thread-safe; executing a plan is. */
static pthread_mutex_t planner = PTHREAD_MUTEX_INITIALIZER;

int cfft_log_magnitude(const float *in, int h, int w, float *out, char *msg, size_t msg_len) {
    if (h < 1 || w < 1) { snprintf(msg, msg_len, "empty image"); return CFFT_ERR; }
    int hw = w / 2 + 1;
    float *real = fftwf_alloc_real((size_t)h * (size_t)w);
    fftwf_complex *freq = fftwf_alloc_complex((size_t)h * (size_t)hw);
    if (!real || !freq) {
        fftwf_free(real); fftwf_free(freq);
        snprintf(msg, msg_len, "out of memory for a %dx%d transform", h, w);
        return CFFT_ERR;
    }
    pthread_mutex_lock(&planner);
    fftwf_plan plan = fftwf_plan_dft_r2c_2d(h, w, real, freq, FFTW_ESTIMATE);
    pthread_mutex_unlock(&planner);
    if (!plan) {
        fftwf_free(real); fftwf_free(freq);
        snprintf(msg, msg_len, "FFTW could not plan a %dx%d transform", h, w);
        return CFFT_ERR;
    }
    memcpy(real, in, sizeof(float) * (size_t)h * (size_t)w);
    fftwf_execute(plan);
    /* r2c keeps columns 0..w/2; the rest follow from F(u, v) = conj F(-u, -v). */
    for (int u = 0; u < h; u++) {
        int su = (u + h / 2) % h;
        for (int v = 0; v < w; v++) {
            const float *c;
            if (v < hw) c = freq[(size_t)u * hw + v];
            else c = freq[(size_t)((h - u) % h) * hw + (w - v)];
            float mag = sqrtf(c[0] * c[0] + c[1] * c[1]);
            int sv = (v + w / 2) % w;
            out[(size_t)su * w + sv] = log1pf(mag);
        }
    }
    pthread_mutex_lock(&planner);
    fftwf_destroy_plan(plan);
    pthread_mutex_unlock(&planner);
    fftwf_free(real); fftwf_free(freq);
    return CFFT_OK;
}
