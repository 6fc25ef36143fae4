//! Integration tests for the generated clients live in `tests/`.
