"""Tests for the value-for-money case engine."""
