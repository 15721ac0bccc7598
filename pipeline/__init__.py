"""coproduce: a workbench for co-produced consultation responses."""

__version__ = "0.1.0"
