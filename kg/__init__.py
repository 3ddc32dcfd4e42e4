"""kg: Chinese anti-telecom-fraud press texts into a knowledge graph you can trace to its sources."""

__version__ = "0.1.0"
SCHEMA_VERSION = 2
