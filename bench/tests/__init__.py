"""Unit tests of bench/run's pure parts (bench/sssbench).

    python3 -m unittest discover -s bench -t bench
"""
