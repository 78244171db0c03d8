"""Project package and shared core of the credit information sharing platform."""

from credit_platform.celery import app as celery_app

__all__ = ["celery_app"]
