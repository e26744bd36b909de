"""The LLM extractor: any OpenAI-compatible chat-completions server run over the documents with
a versioned prompt, lenient counted parsing, a responses log that doubles as a cache, and replay.

Modules: :mod:`.prompts` (prompt files and their hashes), :mod:`.output_schema` (the structured
output schema derived from the predictions schema), :mod:`.parse` (lenient parsing and the
per-document outcome), :mod:`.client` (requests with retries), :mod:`.responses` (the responses
file), :mod:`.extractor` (the extractor and the run). ``openai`` is imported only when a request
is sent (``pip install "mil2mil[llm]"``).
"""
