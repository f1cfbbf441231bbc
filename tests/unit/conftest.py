"""Fixtures of the fast tests: the shipped model, loaded once per session."""

from __future__ import annotations

import pytest

from agent.model.classifier import Classifier


@pytest.fixture(scope="session")
def model() -> Classifier:
    return Classifier.load()
