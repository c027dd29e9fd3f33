"""Demo data: the Konstanz integration concept, its process, organisations and demo accounts."""
