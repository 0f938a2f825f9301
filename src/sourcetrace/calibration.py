"""Calibration files: per-channel decision thresholds and confidence curves fitted offline."""

from __future__ import annotations


def write_models(*args, **kwargs):  # placeholder, filled in below
    raise NotImplementedError
