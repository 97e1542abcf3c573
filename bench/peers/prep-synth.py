"""Write the synth_200k task of the peer baselines (bench/RESULTS.md) to CSV (9 significant digits).

make_classification(n_samples=200000, n_features=30, n_informative=12, n_redundant=6,
flip_y=0.02, class_sep=0.8, random_state=7); columns f0..f29, target.
Usage: /usr/bin/python3 bench/peers/prep-synth.py OUT.csv
"""
import sys

import numpy as np
from sklearn.datasets import make_classification

X, y = make_classification(n_samples=200000, n_features=30, n_informative=12, n_redundant=6,
                           flip_y=0.02, class_sep=0.8, random_state=7)
out = sys.argv[1]
with open(out, "w") as f:
    f.write(",".join([f"f{i}" for i in range(30)] + ["target"]) + "\n")
    np.savetxt(f, np.column_stack([X, y]), fmt=["%.9g"] * 30 + ["%d"], delimiter=",")
print(out, X.shape)
