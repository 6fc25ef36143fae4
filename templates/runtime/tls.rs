//! The TLS back end, chosen by the crate's features: `rustls` (ring's
//! cryptography, the default: the quickest to build), `rustls-aws-lc-rs`,
//! or `native-tls` (which reqwest prefers when it is compiled in).

/// Makes the chosen back end ready before an HTTP client is built.
///
/// With `rustls` alone, reqwest has no cryptography of its own: ring's is
/// installed as the process's default unless the program installed one
/// first (its choice is kept).
pub(super) fn prepare() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc-rs")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one at the same moment: either will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Whether the crate was built with a TLS back end (without one, reqwest
/// refuses `https://` URLs at the first request).
pub(super) const AVAILABLE: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-aws-lc-rs",
    feature = "native-tls"
));
