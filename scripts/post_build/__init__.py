"""Trunk's one post-build step: the stages that turn Trunk's output into what embedders
load, in order (see `run`). `scripts/post-build.py` is the entry point Trunk calls."""
