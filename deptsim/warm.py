"""Imported by the fork server that local workers fork from (deptsim.workers): the import loads deptsim,
numpy, pandas and Mesa once, so each worker starts ready to run."""

import deptsim.simulation  # noqa: F401
