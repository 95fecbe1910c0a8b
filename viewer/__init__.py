"""Gluteal Atlas: an interactive 3D atlas of the buttock and hip."""

__version__ = "0.1.0"
