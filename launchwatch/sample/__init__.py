"""The bundled sample feed (feed.jsonl): reports written from public facts."""
