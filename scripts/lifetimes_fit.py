"""Fits BG/NBD and Gamma-Gamma with Python's `lifetimes` on the histories that
`cargo bench -p analytics --bench fit` wrote, and prints the times and parameters beside ours.
Usage: lifetimes_fit.py DIR (holding histories-10000.csv and histories-100000.csv)."""
import sys
import time

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

for n in (10_000, 100_000):
    d = pd.read_csv(f"{sys.argv[1]}/histories-{n}.csv")
    print(f"{n} customers, lifetimes")
    started = time.perf_counter()
    bg = BetaGeoFitter(penalizer_coef=0.0).fit(d["frequency"], d["recency"], d["T"])
    print(f"  BG/NBD fit: {(time.perf_counter() - started) * 1e3:.1f} ms")
    p = bg.params_
    print(f"    r {p['r']:.3f}  α {p['alpha']:.3f}  a {p['a']:.3f}  b {p['b']:.3f}")
    buyers = d[(d["frequency"] > 0) & (d["monetary_value"] > 0)]
    started = time.perf_counter()
    gg = GammaGammaFitter(penalizer_coef=0.0).fit(buyers["frequency"], buyers["monetary_value"])
    print(f"  Gamma-Gamma fit: {(time.perf_counter() - started) * 1e3:.1f} ms")
    p = gg.params_
    print(f"    p {p['p']:.3f}  q {p['q']:.3f}  γ {p['v']:.3f}  on {len(buyers)} customers")
