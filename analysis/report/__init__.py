"""The Thai evaluation report: chapters built as blocks, charts, drawn as DOCX or HTML."""
