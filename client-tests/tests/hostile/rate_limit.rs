//! The client-side rate limit against a server enforcing exactly the same
//! limit (scaled down to 5 requests per 500 ms): no 429, ever, with fixed or
//! sliding windows, even when a request reaches the server late (a slow
//! first connection, a congested network).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fixtures::hostile::RateLimit;
use tokio::io::AsyncWriteExt;

use super::support::{RawServer, assert_elapsed, builder, read_head};

const LIMIT: usize = 5;
const WINDOW: Duration = Duration::from_millis(500);
const REQUESTS: usize = 16;

#[derive(Clone, Copy)]
enum Windows {
    /// At most `LIMIT` arrivals in any `WINDOW` (a log of arrivals).
    Sliding,
    /// At most `LIMIT` arrivals in each `WINDOW` counted from the server's start.
    Fixed,
}

struct Enforcer {
    windows: Windows,
    started: Instant,
    arrivals: Mutex<Vec<Instant>>,
    rejected: AtomicUsize,
    delayed_one: AtomicBool,
}

impl Enforcer {
    /// Counts an arrival; false if it breaks the limit.
    fn admit(&self, now: Instant) -> bool {
        let mut arrivals = self.arrivals.lock().unwrap();
        let in_window = match self.windows {
            Windows::Sliding => arrivals
                .iter()
                .filter(|t| now.duration_since(**t) < WINDOW)
                .count(),
            Windows::Fixed => {
                let window =
                    |t: Instant| t.duration_since(self.started).as_nanos() / WINDOW.as_nanos();
                arrivals
                    .iter()
                    .filter(|t| window(**t) == window(now))
                    .count()
            }
        };
        arrivals.push(now);
        in_window < LIMIT
    }
}

/// A keep-alive HTTP/1.1 server enforcing the limit on arrival (when it
/// reads a request head). The first connection's first request is read
/// 150 ms late, as if it had crossed a slow network.
async fn enforcing_server(windows: Windows) -> (RawServer, Arc<Enforcer>) {
    let enforcer = Arc::new(Enforcer {
        windows,
        started: Instant::now(),
        arrivals: Mutex::default(),
        rejected: AtomicUsize::new(0),
        delayed_one: AtomicBool::new(false),
    });
    let shared = enforcer.clone();
    let server = RawServer::start(move |mut stream| {
        let enforcer = shared.clone();
        async move {
            if !enforcer.delayed_one.swap(true, Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
            while read_head(&mut stream).await.is_some() {
                let response: &[u8] = if enforcer.admit(Instant::now()) {
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]"
                } else {
                    enforcer.rejected.fetch_add(1, Ordering::SeqCst);
                    b"HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\n\r\n"
                };
                if stream.write_all(response).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    (server, enforcer)
}

async fn run_against(windows: Windows) {
    let (server, enforcer) = enforcing_server(windows).await;
    let client = builder(&server.uri())
        .rate_limit(RateLimit::new(LIMIT as u32, WINDOW))
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..REQUESTS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_items().send().await })
        })
        .collect();
    for task in tasks {
        let result = task.await.unwrap();
        assert!(result.is_ok(), "{result:?}");
    }
    assert_eq!(enforcer.rejected.load(Ordering::SeqCst), 0);
    assert_elapsed(started, WINDOW * 3, WINDOW * 8);
}

/// The limiter counted a window from when a request started; a request that
/// reached the server late still counted there while the next window's
/// requests arrived: 429s at the boundary.
#[tokio::test]
async fn the_same_limit_as_a_sliding_window_server_never_meets_429() {
    run_against(Windows::Sliding).await;
}

#[tokio::test]
async fn the_same_limit_as_a_fixed_window_server_never_meets_429() {
    run_against(Windows::Fixed).await;
}
