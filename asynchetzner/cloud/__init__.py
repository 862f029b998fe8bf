"""The Cloud API's kinds of resources, one module each, named as the spec's tags."""
