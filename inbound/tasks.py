"""For Celery's autodiscovery: the task lives beside the code it runs."""

from .processing import process_inbound, sweep_inbound

__all__ = ["process_inbound", "sweep_inbound"]
