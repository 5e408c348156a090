"""Publish: a checked catalog as data and documents (JSON, CSV; later PDF, DOCX, XLSX, FDP)."""
