"""Python's cycle collector, set for a build's heap."""

import gc

import pytest

from kbsite.core.collector import BUILD_THRESHOLDS, set_for_builds


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_a_build_looks_for_cycles_less_often_than_python_does(thresholds):
    gc.set_threshold(700, 10, 10)  # CPython's defaults
    set_for_builds()
    assert gc.get_threshold() == BUILD_THRESHOLDS


def test_a_process_that_looks_less_often_still_is_left_as_it_is(thresholds):
    gc.set_threshold(200_000, 50, 50)
    set_for_builds()
    assert gc.get_threshold() == (200_000, 50, 50)
