"""Factories for tests and benchmarks."""
