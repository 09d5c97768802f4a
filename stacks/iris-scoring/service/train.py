"""Trains the iris classifier the scoring service loads (Bodywork's serve-model project ships
a pre-trained `classification_model.joblib`; we train the same model at image build time)."""
import sys

from joblib import dump
from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "classification_model.joblib"
    data = load_iris()
    model = DecisionTreeClassifier(class_weight="balanced", random_state=42)
    model.fit(data.data, data.target)
    dump(model, path)
    print(f"saved {model} to {path}")
