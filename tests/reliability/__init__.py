"""Crashes, faults and hostile input: the crash harness, fault points, torture mail."""
