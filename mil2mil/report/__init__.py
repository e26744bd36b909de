"""Human-readable views of a score's explanation: terminal text and a self-contained HTML report."""
