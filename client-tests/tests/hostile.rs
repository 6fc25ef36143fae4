//! The generated client pointed at a misbehaving server (issue 10): no panic,
//! no credential leak, bounded time and memory.
//!
//! Each test starts its own server on 127.0.0.1 and stops it when it ends:
//! wiremock where it can express the case, a raw `tokio::net::TcpListener`
//! where it cannot (stalls, endless or broken bodies, malformed heads). Each
//! asserts the exact error variant and the elapsed time within bounds wide
//! enough for a loaded machine; the body-cap test also asserts that resident
//! memory stays bounded. The client is the `hostile` fixture
//! (`client-tests/fixture-specs/hostile.yaml`), which uses every kind of
//! credential.

mod hostile {
    pub mod support;

    mod bodies;
    mod encoding;
    mod errors;
    mod fuzz_inputs;
    mod malformed;
    mod rate_limit;
    mod redirects;
    mod retry_after;
    mod secrets;
    mod timeouts;
}
