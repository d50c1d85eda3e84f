"""Shared fixtures: a house, its network and users in every role, logged in with both factors."""
