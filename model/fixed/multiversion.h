// FXPROP_MULTIVERSION: compiles a hot function (with everything it calls inlined)
// for x86-64-v4 (AVX-512), x86-64-v3 (AVX2) and the baseline, and lets the loader
// pick the best one the CPU has (GCC function multiversioning). The learning
// core's arithmetic is integer-only, so every version computes the same bits; only
// the speed differs (the row loops vectorise on the wider ISAs).
#pragma once

#if defined(__x86_64__) && defined(__gnu_linux__) && defined(__GNUC__) && !defined(__clang__)
#define FXPROP_MULTIVERSION __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), flatten))
#elif defined(__GNUC__)
#define FXPROP_MULTIVERSION __attribute__((flatten))
#else
#define FXPROP_MULTIVERSION
#endif
