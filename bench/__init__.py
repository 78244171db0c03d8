"""Benchmarks: each bench/bench_<name>.py has run(size) -> dict, written to results/<name>.json."""
