"""painguide: offline patient education about integrative chronic pain care."""

__version__ = "0.1.0"
