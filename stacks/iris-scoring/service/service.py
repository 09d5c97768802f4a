"""Iris species scoring API (Bodywork's serve-model project, seed 002): POST /iris/v1/score
with the four dimensions as JSON returns the predicted species and class probabilities."""
import os
from typing import Dict

import numpy as np
from flask import Flask, Response, jsonify, make_response, request
from joblib import load

MODEL_PATH = os.environ.get("MODEL_PATH", os.path.join(os.path.dirname(__file__), "classification_model.joblib"))
SPECIES = {0: "setosa", 1: "versicolor", 2: "virginica"}
FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")

app = Flask(__name__)
model = load(MODEL_PATH)
print(f"loaded model={model}")


def make_features_from_request_data(request_data: Dict[str, float]) -> np.ndarray:
    """One row of features, in the order the model was trained on."""
    return np.array([[float(request_data[name]) for name in FEATURES]])


def model_predictions(features: np.ndarray) -> Dict[str, str]:
    """The predicted species and the probability of each class."""
    prediction = int(model.predict(features)[0])
    probabilities = model.predict_proba(features)[0]
    return {
        "species_prediction": SPECIES[prediction],
        "probabilities": "|".join(f"{SPECIES[i]}={round(p, 2)}" for i, p in enumerate(probabilities)),
    }


@app.route("/iris/v1/score", methods=["POST"])
def score() -> Response:
    """Iris species classification API endpoint."""
    request_data = request.get_json(force=True, silent=True) or {}
    missing = [name for name in FEATURES if name not in request_data]
    if missing:
        return make_response(jsonify({"error": f"missing fields: {', '.join(missing)}"}), 400)
    response_data = jsonify({**model_predictions(make_features_from_request_data(request_data)), "model_info": str(model)})
    return make_response(response_data)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
