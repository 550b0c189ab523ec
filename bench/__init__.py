"""The load benchmark: `make bench` (ratios to a framework floor) and `make bench-scale`."""
