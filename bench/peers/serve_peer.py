"""The FastAPI peer of bench/serve-predict.bench.js: the model server a Python team would write
(shared/BASELINES.md, "Online serving"), answering the same request as Flywheel's
`POST /models/churn/predict` — `{"rows": [{"f0": …, …, "f29": …}]}` — with the XGBoost model of
synth_200k (200 trees, depth 6; bench/.data/synth-xgb-200x6.json, saved by synth-peer.py) and
Flywheel's answer shape (predictions, probabilities).

Run by the bench as
  /usr/bin/python3 -m uvicorn serve_peer:app --app-dir bench/peers --loop uvloop --http httptools \
      --workers N --no-access-log --log-level warning --port P
with PEER_MODEL naming the booster file. The handler is `async def` (no thread-pool hop per
request: FastAPI's fastest form) and the booster uses one thread per worker.
"""
import os

import numpy as np
import xgboost as xgb
from fastapi import FastAPI
from pydantic import BaseModel

FEATURES = [f"f{i}" for i in range(30)]

booster = xgb.Booster()
booster.load_model(os.environ["PEER_MODEL"])
booster.set_param({"nthread": 1})


class Request(BaseModel):
    rows: list[dict[str, float]]


app = FastAPI()


@app.post("/models/churn/predict")
async def predict(request: Request):
    x = np.array([[row[f] for f in FEATURES] for row in request.rows], dtype=np.float64)
    p = booster.inplace_predict(x)
    return {
        "predictions": [int(v >= 0.5) for v in p],
        "probabilities": [[1.0 - float(v), float(v)] for v in p],
        "model_version": 1,
    }
