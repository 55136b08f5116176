"""plansite: Vietnam's provincial gender-equality plans, compared."""
__version__ = "0.1.0"
