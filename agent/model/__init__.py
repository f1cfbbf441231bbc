"""The classifier: load and predict (:mod:`.classifier`), the numpy scorer that predicts without
scikit-learn (:mod:`.scorer`), training and evaluation (:mod:`.training`) and personal models
(:mod:`.tuning`)."""
