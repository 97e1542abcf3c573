"""Write the train/test index split of each dataset in test/fixtures/data as JSON fixtures.

The split is scikit-learn's train_test_split(test_size=0.25, random_state=0, stratify=y)
(no stratify for diabetes), exactly as in the peer baselines quoted in bench/RESULTS.md. Run once with the
Debian interpreter: /usr/bin/python3 bench/peers/make-splits.py DATA_DIR OUT_DIR
"""
import csv
import json
import sys

import numpy as np
from sklearn.model_selection import train_test_split

data_dir, out_dir = sys.argv[1], sys.argv[2]
for name in ["breast_cancer", "iris", "wine", "digits", "diabetes"]:
    with open(f"{data_dir}/{name}.csv", newline="") as f:
        rows = list(csv.reader(f))
    y = np.array([float(r[-1]) for r in rows[1:]])
    idx = np.arange(len(y))
    stratify = None if name == "diabetes" else y
    train, test = train_test_split(idx, test_size=0.25, random_state=0, stratify=stratify)
    with open(f"{out_dir}/{name}.split.json", "w") as f:
        json.dump({"dataset": name, "rows": len(y),
                   "split": "train_test_split(test_size=0.25, random_state=0, stratify=y)"
                   if stratify is not None else "train_test_split(test_size=0.25, random_state=0)",
                   "train": [int(i) for i in train], "test": [int(i) for i in test]}, f, separators=(",", ":"))
        f.write("\n")
    print(name, len(train), len(test))
