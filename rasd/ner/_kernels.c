/*
 * Compiled inner loops of rasd's name taggers (rasd/ner/kernels.py loads this library with
 * ctypes; no Python C API is used).  Built by setup.py as an optional extension: where no C
 * compiler is available the package installs without it and rasd uses its NumPy code.
 *
 * Flat layout: X is (n_tokens, k) row-major; sentence s covers rows starts[s] .. starts[s] +
 * lens[s] - 1.  Sentences are independent.
 *
 * Functions are compiled twice (AVX2+FMA and baseline x86-64) where GCC supports
 * target_clones; the loader picks the one the CPU runs.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#define RASD_CLONES __attribute__((target_clones("avx2,fma", "default")))
#else
#define RASD_CLONES
#endif

/* tanh as a rational function (odd degree 13 over even degree 6), clamped to +-7.90531
 * (where float32 tanh is +-1); max error about 1e-7.  The coefficients are the float tanh
 * of the Eigen library (MathFunctionsImpl.h, MPL-2.0), the standard vectorisable form. */
static inline float fast_tanh(float x) {
    const float c = 7.90531110763549805f;
    x = x > c ? c : (x < -c ? -c : x);
    const float x2 = x * x;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = x2 * p + -8.60467152213735e-11f;
    p = x2 * p + 5.12229709037114e-08f;
    p = x2 * p + 1.48572235717979e-05f;
    p = x2 * p + 6.37261928875436e-04f;
    p = x2 * p + 4.89352455891786e-03f;
    p = x * p;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = x2 * q + 2.26843463243900e-03f;
    q = x2 * q + 4.89352518554385e-03f;
    return p / q;
}

/*
 * The gates of one time step of a bidirectional LSTM over packed sentences (the recurrent
 * products are done before, by BLAS, in rasd/ner/kernels.py).
 *
 * zf, zb (>= n, 4H) float32: h @ rec for the forward / backward direction of the n active
 *        sentences (overwritten).
 * P      (n_tokens, 8H) float32: input projections plus biases, forward [0, 4H), backward
 *        [4H, 8H); gate order i f o g, the i f o rows pre-halved so that
 *        sigmoid(x) = 0.5 + 0.5 tanh(x / 2) is computed as 0.5 + 0.5 * tanh(z).
 * starts, lens (>= n,) int64: the sentences, sorted by length, longest first; the first n
 *        are longer than t.
 * cf, cb, hf, hb (>= n, H) float32: cell and hidden states, updated in place.
 * out    (n_tokens, 2H) float32: forward states then backward states, written for this step.
 */
/* c = f * c + i * g; h = o * tanh(c); out = h (gates already squashed into z, order i f o g) */
static inline void lstm_cell_update(const float *restrict z, float *restrict c,
                                    float *restrict h, float *restrict o, int H) {
    for (int j = 0; j < H; j++)
        c[j] = (0.5f + 0.5f * z[H + j]) * c[j] + (0.5f + 0.5f * z[j]) * z[3 * H + j];
    for (int j = 0; j < H; j++) {
        const float hj = (0.5f + 0.5f * z[2 * H + j]) * fast_tanh(c[j]);
        h[j] = hj;
        o[j] = hj;
    }
}

RASD_CLONES
void rasd_lstm_step(float *zf, float *zb, const float *P, const int64_t *starts,
                    const int64_t *lens, int64_t t, int64_t n, int64_t H, float *cf, float *cb,
                    float *hf, float *hb, float *out) {
    const int64_t G = 4 * H;
    for (int d = 0; d < 2; d++) {
        float *Z = d == 0 ? zf : zb;
        float *C = d == 0 ? cf : cb;
        float *Hs = d == 0 ? hf : hb;
        for (int64_t b = 0; b < n; b++) {
            const int64_t row = d == 0 ? starts[b] + t : starts[b] + lens[b] - 1 - t;
            const float *restrict pr = P + (size_t)row * 2 * G + (size_t)d * G;
            float *restrict z = Z + (size_t)b * G;
            float *restrict c = C + (size_t)b * H;
            float *restrict h = Hs + (size_t)b * H;
            float *restrict o = out + (size_t)row * 2 * H + (size_t)d * H;
            for (int64_t j = 0; j < G; j++) z[j] = fast_tanh(z[j] + pr[j]);
            lstm_cell_update(z, c, h, o, (int)H);
        }
    }
}

/*
 * Per-token label marginals of a linear-chain CRF: scaled forward-backward in double, no
 * start/end transitions (as CRFsuite).
 *
 * E (n_tokens, L) double: state scores (log space).  trans (L, L) double: trans[from, to].
 * out (n_tokens, L) float32: probabilities, rows sum to 1.
 * Returns 0, or -1 when memory runs out.
 */
int rasd_crf_marginals(const double *E, const int64_t *starts, const int64_t *lens, int64_t S,
                       int64_t L, const double *trans, float *out) {
    int64_t N = 0;
    for (int64_t s = 0; s < S; s++)
        if (starts[s] + lens[s] > N) N = starts[s] + lens[s];
    double *M = malloc((size_t)L * L * sizeof(double));
    double *e = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *alpha = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *beta = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *tmp = malloc((size_t)L * sizeof(double));
    if (!M || !e || !alpha || !beta || !tmp) {
        free(M); free(e); free(alpha); free(beta); free(tmp);
        return -1;
    }
    for (int64_t i = 0; i < L * L; i++) M[i] = exp(trans[i]);
    for (int64_t s = 0; s < S; s++) {
        const int64_t s0 = starts[s], n = lens[s];
        if (n <= 0) continue;
        for (int64_t t = s0; t < s0 + n; t++) {
            double mx = E[t * L];
            for (int64_t j = 1; j < L; j++)
                if (E[t * L + j] > mx) mx = E[t * L + j];
            for (int64_t j = 0; j < L; j++) e[t * L + j] = exp(E[t * L + j] - mx);
        }
        double tot = 0.0;
        for (int64_t j = 0; j < L; j++) {
            alpha[s0 * L + j] = e[s0 * L + j];
            tot += e[s0 * L + j];
        }
        for (int64_t j = 0; j < L; j++) alpha[s0 * L + j] /= tot;
        for (int64_t t = s0 + 1; t < s0 + n; t++) {
            tot = 0.0;
            for (int64_t j = 0; j < L; j++) {
                double acc = 0.0;
                for (int64_t i = 0; i < L; i++) acc += alpha[(t - 1) * L + i] * M[i * L + j];
                acc *= e[t * L + j];
                alpha[t * L + j] = acc;
                tot += acc;
            }
            for (int64_t j = 0; j < L; j++) alpha[t * L + j] /= tot;
        }
        const int64_t last = s0 + n - 1;
        for (int64_t j = 0; j < L; j++) beta[last * L + j] = 1.0 / (double)L;
        for (int64_t t = last - 1; t >= s0; t--) {
            for (int64_t j = 0; j < L; j++) tmp[j] = beta[(t + 1) * L + j] * e[(t + 1) * L + j];
            tot = 0.0;
            for (int64_t i = 0; i < L; i++) {
                double acc = 0.0;
                for (int64_t j = 0; j < L; j++) acc += M[i * L + j] * tmp[j];
                beta[t * L + i] = acc;
                tot += acc;
            }
            for (int64_t i = 0; i < L; i++) beta[t * L + i] /= tot;
        }
        for (int64_t t = s0; t < s0 + n; t++) {
            tot = 0.0;
            for (int64_t j = 0; j < L; j++) {
                tmp[j] = alpha[t * L + j] * beta[t * L + j];
                tot += tmp[j];
            }
            for (int64_t j = 0; j < L; j++) out[t * L + j] = (float)(tmp[j] / tot);
        }
    }
    free(M); free(e); free(alpha); free(beta); free(tmp);
    return 0;
}

/*
 * Best label sequence per sentence under hard transition constraints (BIO).
 *
 * X (n_tokens, L) double: label scores (log space).  allowed (L, L) uint8: allowed[from, to].
 * start_ok (L,) uint8.  best (n_tokens,) int64: the decoded label indices.  Ties go to the
 * lowest index (as NumPy's argmax).
 * Returns 0, or -1 when memory runs out.
 */
int rasd_viterbi(const double *X, const int64_t *starts, const int64_t *lens, int64_t S,
                 int64_t L, const uint8_t *allowed, const uint8_t *start_ok, int64_t *best) {
    const double NEG = -1e9;
    int64_t N = 0;
    for (int64_t s = 0; s < S; s++)
        if (starts[s] + lens[s] > N) N = starts[s] + lens[s];
    int64_t *back = malloc((size_t)(N ? N : 1) * L * sizeof(int64_t));
    double *score = malloc((size_t)L * sizeof(double));
    double *nw = malloc((size_t)L * sizeof(double));
    if (!back || !score || !nw) {
        free(back); free(score); free(nw);
        return -1;
    }
    for (int64_t s = 0; s < S; s++) {
        const int64_t s0 = starts[s], n = lens[s];
        if (n <= 0) continue;
        for (int64_t j = 0; j < L; j++) score[j] = start_ok[j] ? X[s0 * L + j] : NEG;
        for (int64_t t = s0 + 1; t < s0 + n; t++) {
            for (int64_t j = 0; j < L; j++) {
                int64_t bi = 0;
                double bv = score[0] + (allowed[j] ? 0.0 : NEG);
                for (int64_t i = 1; i < L; i++) {
                    const double v = score[i] + (allowed[i * L + j] ? 0.0 : NEG);
                    if (v > bv) {
                        bv = v;
                        bi = i;
                    }
                }
                back[t * L + j] = bi;
                nw[j] = bv + X[t * L + j];
            }
            memcpy(score, nw, (size_t)L * sizeof(double));
        }
        int64_t bj = 0;
        for (int64_t j = 1; j < L; j++)
            if (score[j] > score[bj]) bj = j;
        best[s0 + n - 1] = bj;
        for (int64_t t = s0 + n - 1; t > s0; t--) {
            bj = back[t * L + bj];
            best[t - 1] = bj;
        }
    }
    free(back); free(score); free(nw);
    return 0;
}
