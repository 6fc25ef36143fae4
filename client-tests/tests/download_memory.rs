//! A large download handed over as a stream holds no more than a chunk at
//! a time. Alone in its test binary, so that the process's peak resident
//! memory is this download's and no other test's.

use fixtures::payloads::Client;
use fixtures::runtime::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const MIB: u64 = 1024 * 1024;

/// The process's peak resident memory so far (`VmHWM` in /proc/self/status).
fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("VmHWM in kB");
    kib * 1024
}

/// Answers one request with `total` bytes of octet-stream, in 256 KiB
/// chunks of a chunked body.
async fn serve_download(total: u64) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte).await {
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let piece: Vec<u8> = (0..=255u8).cycle().take(256 * 1024).collect();
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(&piece);
        chunk.extend_from_slice(b"\r\n");
        let mut sent = 0;
        while sent < total {
            if stream.write_all(&chunk).await.is_err() {
                return;
            }
            sent += piece.len() as u64;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    });
    format!("http://{address}")
}

/// A 256 MiB download: every byte arrives, in order, and the peak resident
/// memory grows by a small fraction of the body.
#[tokio::test]
async fn a_256_mib_download_streams_with_memory_bounded() {
    let base = serve_download(256 * MIB).await;
    let client = Client::builder()
        .base_url(base)
        .build()
        .expect("client builds");
    let before = peak_resident_bytes();
    let mut stream = client.download("big.bin").send().await.expect("the head");
    let mut total = 0u64;
    let mut in_order = true;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("no cap on streams");
        // Each chunk starts and ends where the byte pattern says.
        let at = |i: usize| ((total + i as u64) % 256) as u8;
        in_order &= chunk.first() == Some(&at(0)) && chunk.last() == Some(&at(chunk.len() - 1));
        total += chunk.len() as u64;
    }
    let grown = peak_resident_bytes().saturating_sub(before);
    assert_eq!(total, 256 * MIB);
    assert!(in_order, "the bytes arrived in order");
    assert!(
        grown < 32 * MIB,
        "peak resident memory grew by {} MiB",
        grown / MIB
    );
    eprintln!("peak resident memory grew by {} KiB", grown / 1024);
}
