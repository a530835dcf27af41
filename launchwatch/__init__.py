"""launchwatch: DPRK launch-report monitoring on Kafka.

Shared code lives here (settings, schemas, topics, broker lifecycle, storage,
serialisation, CLI); each service under ``services/`` keeps one job.
"""

__version__ = "0.1.0"
