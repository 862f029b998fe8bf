"""The typed layer's machinery: models that keep the answer, resource bases, the action poller."""
