"""The peers of bench/train-*.bench.js and bench/predict-*.bench.js on synth_200k.

Prints one JSON document. Usage:
  /usr/bin/python3 bench/peers/synth-peer.py CSV MODE --threads N --repeat R
MODE: xgb (XGBoost hist fit + inplace_predict) or logreg (StandardScaler + LogisticRegression lbfgs).
Thread counts are also pinned by the caller through OMP_NUM_THREADS / OPENBLAS_NUM_THREADS.
"""
import argparse
import json
import time

import numpy as np
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score

p = argparse.ArgumentParser()
p.add_argument("csv")
p.add_argument("mode", choices=["xgb", "logreg"])
p.add_argument("--threads", type=int, default=1)
p.add_argument("--repeat", type=int, default=3)
p.add_argument("--single", type=int, default=2000)
p.add_argument("--model-file", default=None, help="xgb: load this saved booster instead of fitting (saved there after a fit)")
a = p.parse_args()

data = np.loadtxt(a.csv, delimiter=",", skiprows=1)
X, y = data[:, :30], data[:, 30]
Xtr, ytr, Xte, yte = X[:160000], y[:160000], X[160000:], y[160000:]


def scores(prob):
    return {"auc": roc_auc_score(yte, prob), "accuracy": accuracy_score(yte, prob > 0.5),
            "logloss": log_loss(yte, prob)}


out = {"mode": a.mode, "threads": a.threads}
if a.mode == "xgb":
    import xgboost as xgb
    out["version"] = xgb.__version__
    params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
              "max_bin": 256, "nthread": a.threads}
    fits = []
    import os
    if a.model_file and os.path.exists(a.model_file):
        booster = xgb.Booster(model_file=a.model_file)
        booster.set_param({"nthread": a.threads})
    else:
        for _ in range(a.repeat):
            t = time.perf_counter()
            dtrain = xgb.DMatrix(Xtr, label=ytr, nthread=a.threads)
            booster = xgb.train(params, dtrain, num_boost_round=200)
            fits.append(time.perf_counter() - t)
        if a.model_file:
            booster.save_model(a.model_file)
    out["fit_s"] = fits
    prob = booster.inplace_predict(Xte)
    out.update(scores(prob))
    batch = []
    for _ in range(a.repeat if a.model_file else 5):
        t = time.perf_counter()
        booster.inplace_predict(Xte)
        batch.append(time.perf_counter() - t)
    out["batch_s"] = batch
    out["batch_rows_per_s"] = len(Xte) / sorted(batch)[len(batch) // 2]
    lat = []
    for i in range(a.single):
        row = Xte[i % len(Xte)].reshape(1, -1)
        t = time.perf_counter()
        booster.inplace_predict(row)
        lat.append(time.perf_counter() - t)
    lat.sort()
    out["single_p50_us"] = lat[len(lat) // 2] * 1e6
    out["single_p99_us"] = lat[int(len(lat) * 0.99)] * 1e6
else:
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    out["version"] = sklearn.__version__
    fits = []
    for _ in range(a.repeat):
        t = time.perf_counter()
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(Xtr, ytr)
        fits.append(time.perf_counter() - t)
    out["fit_s"] = fits
    out["iterations"] = int(model[-1].n_iter_[0])
    out.update(scores(model.predict_proba(Xte)[:, 1]))
print(json.dumps(out))
