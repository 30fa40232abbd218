__title__ = "quoteattr"
__version__ = "0.1.0"
