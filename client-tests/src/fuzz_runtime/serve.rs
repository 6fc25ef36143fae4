//! The two servers of an exchange, on 127.0.0.1: the base URL's, which
//! answers with the input's replies in turn, and another origin (another
//! port), which answers `[]` and notes whether a credential reached it.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use super::{Reply, SECRET, secret_forms};

pub struct Servers {
    pub base: SocketAddr,
    other: SocketAddr,
    /// A request to the other origin carried a credential.
    pub leaked: Arc<AtomicBool>,
    /// The replies of the current execution, and how many were served.
    script: Arc<Mutex<(Arc<Vec<Reply>>, usize)>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Servers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Starts both servers, with no replies yet. They live as long as the
/// value (and its tokio runtime), across executions: a client keeps its
/// connections, and a connection may outlive the execution that opened it.
pub async fn start() -> std::io::Result<Servers> {
    let base_listener = TcpListener::bind("127.0.0.1:0").await?;
    let other_listener = TcpListener::bind("127.0.0.1:0").await?;
    let (base, other) = (base_listener.local_addr()?, other_listener.local_addr()?);
    let leaked = Arc::new(AtomicBool::new(false));
    let script: Arc<Mutex<(Arc<Vec<Reply>>, usize)>> = Arc::default();
    let shared = script.clone();
    let base_task = tokio::spawn(accept(base_listener, move |stream| {
        serve_replies(stream, shared.clone())
    }));
    let flag = leaked.clone();
    let other_task = tokio::spawn(accept(other_listener, move |stream| {
        serve_other(stream, flag.clone())
    }));
    Ok(Servers {
        base,
        other,
        leaked,
        script,
        tasks: vec![base_task, other_task],
    })
}

impl Servers {
    /// Sets the replies for the next execution (tokens filled in) and
    /// clears what the last one left.
    pub fn load(&self, replies: &[Reply]) {
        let (base, other) = (self.base, self.other);
        let replies = replies
            .iter()
            .map(|r| Reply {
                bytes: substitute(&r.bytes, base, other),
                ..r.clone()
            })
            .collect();
        *self
            .script
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = (Arc::new(replies), 0);
        self.leaked.store(false, Ordering::SeqCst);
    }
}

async fn accept<F, Fut>(listener: TcpListener, handler: F)
where
    F: Fn(TcpStream) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(handler(stream));
    }
}

/// `{SELF}`, `{OTHER}` and `{SECRET}` in a reply, filled in.
fn substitute(bytes: &[u8], base: SocketAddr, other: SocketAddr) -> Vec<u8> {
    let pairs = [
        (&b"{SELF}"[..], format!("http://{base}").into_bytes()),
        (&b"{OTHER}"[..], format!("http://{other}").into_bytes()),
        (&b"{SECRET}"[..], SECRET.as_bytes().to_vec()),
    ];
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    'outer: while i < bytes.len() {
        for (token, value) in &pairs {
            if bytes[i..].starts_with(token) {
                out.extend_from_slice(value);
                i += token.len();
                continue 'outer;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// One request read: its head, and its body when `Content-Length` gives one
/// (what the client sends). `None` when the connection ends first.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if request.len() > 1 << 20 {
            return None;
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end.saturating_add(length).min(1 << 20) {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    Some(request)
}

async fn serve_replies(mut stream: TcpStream, script: Arc<Mutex<(Arc<Vec<Reply>>, usize)>>) {
    while read_request(&mut stream).await.is_some() {
        let reply = {
            let mut script = script
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let index = script.1.min(script.0.len().saturating_sub(1));
            script.1 = script.1.saturating_add(1);
            script.0.get(index).cloned()
        };
        let Some(reply) = reply else { return };
        if reply.stall_ms > 0 {
            tokio::time::sleep(Duration::from_millis(u64::from(reply.stall_ms))).await;
        }
        if stream.write_all(&reply.bytes).await.is_err() {
            return;
        }
        if reply.close {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

async fn serve_other(mut stream: TcpStream, leaked: Arc<AtomicBool>) {
    while let Some(request) = read_request(&mut stream).await {
        let text = String::from_utf8_lossy(&request);
        if secret_forms()
            .iter()
            .any(|form| text.contains(form.as_str()))
        {
            leaked.store(true, Ordering::SeqCst);
        }
        let answer =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]";
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}
