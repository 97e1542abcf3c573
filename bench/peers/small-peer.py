"""The peer reference scores (bench/RESULTS.md) on the small datasets, with the committed splits.

Prints one JSON document: {dataset: {family: score}} (accuracy, or R² for diabetes).
Usage: /usr/bin/python3 bench/peers/small-peer.py DATA_DIR SPLIT_DIR
"""
import json
import sys

import numpy as np
import xgboost as xgb
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
import warnings

warnings.filterwarnings("ignore")
data_dir, split_dir = sys.argv[1], sys.argv[2]
out = {}
for name in ["breast_cancer", "iris", "wine", "digits", "diabetes"]:
    data = np.loadtxt(f"{data_dir}/{name}.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    split = json.load(open(f"{split_dir}/{name}.split.json"))
    tr, te = np.array(split["train"]), np.array(split["test"])
    reg = name == "diabetes"
    score = r2_score if reg else accuracy_score
    models = {
        "linear": make_pipeline(StandardScaler(), Ridge(alpha=1.0) if reg else LogisticRegression(max_iter=1000)),
        "histgb": (HistGradientBoostingRegressor if reg else HistGradientBoostingClassifier)(max_iter=200, learning_rate=0.1),
        "xgboost": (xgb.XGBRegressor if reg else xgb.XGBClassifier)(n_estimators=200, max_depth=6, learning_rate=0.1, tree_method="hist", n_jobs=1),
        "mlp": make_pipeline(StandardScaler(), (MLPRegressor if reg else MLPClassifier)(hidden_layer_sizes=(64,), random_state=0)),
    }
    out[name] = {}
    for family, model in models.items():
        model.fit(X[tr], y[tr])
        out[name][family] = float(score(y[te], model.predict(X[te])))
print(json.dumps(out))
