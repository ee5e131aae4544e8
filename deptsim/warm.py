"""Imported by the fork server that local workers fork from (deptsim.workers): the import loads deptsim,
numpy, pandas and Mesa once, and the compiled kernels, so each worker starts ready to run."""

from deptsim.simulation import load_compiled_code

load_compiled_code()
