//! Making inputs: values a server controls, built from the shapes real
//! servers send (and the shapes broken ones do), then mutated.
//!
//! Whole responses are built from parts (version, status, headers, framing,
//! body) so that most of them get past the HTTP parser and reach the
//! runtime, and one time in four their bytes are damaged as well.

use fastrand::Rng;

use super::{Exchange, Input, Operation, Reply};

/// One input for the next execution.
pub fn input(rng: &mut Rng) -> Input {
    match rng.u8(0..10) {
        0 | 1 => Input::RetryAfter {
            value: retry_after(rng),
            now: now_secs(rng),
        },
        2 => Input::Location {
            from: from_url(rng),
            location: location(rng, "http://127.0.0.1:1"),
        },
        3 => pages(rng),
        4 => sse(rng),
        _ => Input::Exchange(exchange(rng)),
    }
}

/// An event stream: fields real servers send, in any line ending, with
/// comments, a BOM, long lines, bytes that are not UTF-8, `[DONE]`.
fn sse(rng: &mut Rng) -> Input {
    let mut bytes = Vec::new();
    if rng.u8(0..8) == 0 {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    for _ in 0..rng.usize(0..24) {
        let line: Vec<u8> = match rng.u8(0..12) {
            0 => b": keep-alive".to_vec(),
            1 => format!("event: {}", pick(rng, &["chunk", "", "done", "ping"])).into_bytes(),
            2 => format!("id: {}", rng.u32(..)).into_bytes(),
            3 => format!(
                "retry: {}",
                pick(rng, &["3000", "-1", "99999999999999999999999", "x"])
            )
            .into_bytes(),
            4 => b"data: [DONE]".to_vec(),
            5 => {
                let mut line = b"data:".to_vec();
                line.extend(std::iter::repeat_n(b'x', rng.usize(0..600)));
                line
            }
            6 => {
                let mut line = b"data: ".to_vec();
                let mut noise = vec![0u8; rng.usize(0..12)];
                rng.fill(&mut noise);
                line.extend_from_slice(&noise);
                line
            }
            7 => b"data".to_vec(),
            8 | 9 => Vec::new(),
            _ => format!("data: {{\"index\":{},\"delta\":\"é✓\"}}", rng.u8(..)).into_bytes(),
        };
        bytes.extend_from_slice(&line);
        bytes.extend_from_slice(pick(rng, &["\n", "\n", "\r\n", "\r"]).as_bytes());
    }
    Input::Sse {
        bytes,
        cuts: (0..rng.usize(0..8)).map(|_| rng.u16(..)).collect(),
        limit: pick(rng, &["64", "256", "4096"]).parse().unwrap_or(256),
    }
}

fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items
        .get(rng.usize(..items.len().max(1)))
        .copied()
        .unwrap_or("")
}

fn now_secs(rng: &mut Rng) -> u64 {
    match rng.u8(0..4) {
        0 => 0,
        1 => rng.u64(..),
        _ => 1_700_000_000 + rng.u64(0..1_000_000_000),
    }
}

// ---------------------------------------------------------------------------
// Retry-After

const MONTHS: [&str; 14] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo", "",
];
const DAYS: [&str; 10] = [
    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Sunday", "Caturday", "",
];

/// A number as text: small, at the edges of integer types, or long.
fn number_text(rng: &mut Rng) -> String {
    match rng.u8(0..8) {
        0 => rng.u8(..).to_string(),
        1 => rng.u64(..).to_string(),
        2 => u64::MAX.to_string(),
        3 => "18446744073709551616".to_owned(),
        4 => (0..rng.usize(1..60)).map(|_| rng.digit(10)).collect(),
        5 => format!("-{}", rng.u32(..)),
        6 => format!("{}.{}", rng.u16(..), rng.u16(..)),
        _ => rng.u32(0..100_000).to_string(),
    }
}

fn year(rng: &mut Rng) -> String {
    match rng.u8(0..5) {
        0 => rng.u16(1970..10000).to_string(),
        1 => "9999".to_owned(),
        2 => "999999999999".to_owned(),
        3 => rng.u8(0..100).to_string(),
        _ => number_text(rng),
    }
}

fn two_digits(rng: &mut Rng) -> String {
    if rng.u8(0..4) == 0 {
        number_text(rng)
    } else {
        format!("{:02}", rng.u8(0..100))
    }
}

fn http_date(rng: &mut Rng) -> String {
    let (day, month, year) = (two_digits(rng), pick(rng, &MONTHS), year(rng));
    let clock = format!(
        "{}:{}:{}",
        two_digits(rng),
        two_digits(rng),
        two_digits(rng)
    );
    let zone = pick(rng, &["GMT", "GMT", "UTC", "+0000", ""]);
    let weekday = pick(rng, &DAYS);
    match rng.u8(0..3) {
        // IMF-fixdate
        0 => format!("{weekday}, {day} {month} {year} {clock} {zone}"),
        // RFC 850
        1 => format!("{weekday}day, {day}-{month}-{year} {clock} {zone}"),
        // asctime
        _ => format!("{weekday} {month} {day:>2} {clock} {year}"),
    }
}

pub fn retry_after(rng: &mut Rng) -> Vec<u8> {
    let text = match rng.u8(0..6) {
        0 | 1 => number_text(rng),
        2 | 3 => http_date(rng),
        4 => format!(
            "{}{}{}",
            pick(rng, &["", " ", "\t", "+"]),
            number_text(rng),
            pick(rng, &["", " ", "s", ","])
        ),
        _ => {
            let mut bytes = vec![0u8; rng.usize(0..40)];
            rng.fill(&mut bytes);
            return bytes;
        }
    };
    let mut bytes = text.into_bytes();
    if rng.u8(0..4) == 0 {
        damage(rng, &mut bytes);
    }
    bytes
}

// ---------------------------------------------------------------------------
// Locations

fn from_url(rng: &mut Rng) -> String {
    pick(
        rng,
        &[
            "http://127.0.0.1:1/items?api_key=k",
            "https://h.example/a/b/c",
            "http://[::1]:8080/x?y#z",
            "http://h/",
        ],
    )
    .to_owned()
}

/// A `Location` value; `{SELF}` and `{OTHER}` stand for the two servers of
/// an exchange (`base` where there are none).
pub fn location(rng: &mut Rng, base: &str) -> Vec<u8> {
    let path = pick(
        rng,
        &[
            "/items",
            "/landing",
            "/items?limit=1",
            "",
            "/",
            "/a/../../b",
            "/%zz",
            "/é",
            "?x=1",
        ],
    );
    let text = match rng.u8(0..12) {
        0 | 1 => format!("{{SELF}}{path}"),
        2 | 3 => format!("{{OTHER}}{path}"),
        4 => "{OTHER}/landing?page=2&api_key={SECRET}".to_owned(),
        5 => path.to_owned(),
        6 => format!("//127.0.0.1:{}{path}", rng.u32(..)),
        7 => format!(
            "{}{path}",
            pick(
                rng,
                &[
                    "ftp://h",
                    "file://",
                    "javascript:",
                    "data:,",
                    "HTTP://127.0.0.1:1",
                    "http://",
                    "http://[::1",
                    "http://u:p@127.0.0.1:1",
                    "mailto:a@b"
                ]
            )
        ),
        8 => format!("{base}{path}"),
        9 => "{OTHER}".repeat(rng.usize(1..4)),
        10 => (0..rng.usize(0..3000))
            .map(|_| rng.alphanumeric())
            .collect(),
        _ => {
            let mut bytes = vec![0u8; rng.usize(0..30)];
            rng.fill(&mut bytes);
            return bytes;
        }
    };
    let mut bytes = text.into_bytes();
    if rng.u8(0..5) == 0 {
        damage(rng, &mut bytes);
    }
    bytes
}

// ---------------------------------------------------------------------------
// Pagination

fn pages(rng: &mut Rng) -> Input {
    let start = match rng.u8(0..4) {
        0 => i64::MAX - rng.i64(0..3),
        1 => i64::MIN + rng.i64(0..3),
        2 => rng.i64(..),
        _ => rng.i64(0..1000),
    };
    let limit = match rng.u8(0..5) {
        0 => i64::MAX,
        1 => rng.i64(-3..1),
        2 => rng.i64(..),
        _ => rng.i64(1..10),
    };
    let pages = (0..rng.usize(0..6)).map(|_| rng.u32(0..12)).collect();
    Input::Pages {
        start,
        limit,
        pages,
    }
}

// ---------------------------------------------------------------------------
// Whole exchanges

fn exchange(rng: &mut Rng) -> Exchange {
    let operation = match rng.u8(0..8) {
        0 | 1 => Operation::ListItems,
        2 => Operation::ListAll,
        3 => Operation::GetBlob,
        4 => Operation::StreamEvents,
        5 => Operation::CreateItem,
        _ => Operation::Search,
    };
    let replies = (0..rng.usize(1..4))
        .map(|_| reply(rng, operation))
        .collect();
    Exchange {
        operation,
        replies,
        rate_limited: rng.u8(0..8) == 0,
    }
}

fn reply(rng: &mut Rng, operation: Operation) -> Reply {
    let status = status(rng);
    let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
    let body = body(rng, operation, status);
    let content_type = match operation {
        Operation::StreamEvents => "text/event-stream",
        Operation::GetBlob => "application/octet-stream",
        _ => "application/json",
    };
    if rng.u8(0..6) != 0 {
        headers.push(("content-type".into(), content_type.into()));
    }
    if (300..400).contains(&status) || rng.u8(0..10) == 0 {
        let name = if rng.u8(0..10) == 0 {
            "Location"
        } else {
            "location"
        };
        headers.push((name.into(), location(rng, "{SELF}")));
    }
    if matches!(status, 429 | 503) || rng.u8(0..10) == 0 {
        headers.push(("retry-after".into(), retry_after(rng)));
    }
    if rng.u8(0..3) == 0 {
        for _ in 0..rng.usize(1..3) {
            headers.push(odd_header(rng));
        }
    }
    let framed = frame(rng, &body, &mut headers);
    let version = match rng.u8(0..40) {
        0 => "HTTP/1.0",
        1 => "HTTP/2.0",
        2 => "HTTP/1.1 ",
        3 => "http/1.1",
        _ => "HTTP/1.1",
    };
    let reason = if rng.u8(0..8) == 0 {
        pick(rng, &["", "Whatever", "\u{1}", "é", "OK OK"])
    } else {
        "OK"
    };
    let mut bytes = format!("{version} {status} {reason}\r\n").into_bytes();
    if rng.u8(0..30) == 0 {
        bytes = format!("{version} {}\r\n", number_text(rng)).into_bytes();
    }
    for (name, value) in &headers {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(b": ");
        bytes.extend_from_slice(value);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"\r\n");
    bytes.extend_from_slice(&framed.body);
    if rng.u8(0..4) == 0 {
        damage(rng, &mut bytes);
    }
    let stall_ms = if rng.u8(0..16) == 0 {
        rng.u16(0..300)
    } else {
        0
    };
    Reply {
        bytes,
        stall_ms,
        close: framed.close || rng.u8(0..4) == 0,
    }
}

fn status(rng: &mut Rng) -> u16 {
    match rng.u8(0..20) {
        0..=3 | 14..=16 => 200,
        4 => *rng.choice(&[301, 302, 303, 307, 308]).unwrap_or(&302),
        5 => *rng.choice(&[429, 503, 502, 504]).unwrap_or(&429),
        6 => *rng.choice(&[404, 400, 401, 500]).unwrap_or(&404),
        7 => *rng.choice(&[100, 101, 102, 103]).unwrap_or(&100),
        8 => *rng.choice(&[204, 205, 304]).unwrap_or(&204),
        9 => rng.u16(0..1000),
        10 => rng.u16(..),
        11 | 17 => 201,
        18 => *rng.choice(&[301, 302, 303, 307, 308]).unwrap_or(&307),
        19 => 429,
        _ => rng.u16(200..600),
    }
}

fn odd_header(rng: &mut Rng) -> (String, Vec<u8>) {
    let name = pick(
        rng,
        &[
            "x-odd",
            "content-length",
            "transfer-encoding",
            "content-encoding",
            "connection",
            "set-cookie",
            "x-request-id",
            "",
            "bad name",
            "trailer",
        ],
    );
    let value: Vec<u8> = match rng.u8(0..5) {
        0 => number_text(rng).into_bytes(),
        1 => pick(
            rng,
            &[
                "chunked",
                "gzip",
                "close",
                "keep-alive",
                "identity, chunked",
                "a=b; Path=/",
            ],
        )
        .into(),
        2 => vec![b'x'; rng.usize(0..20_000)],
        3 => {
            let mut bytes = vec![0u8; rng.usize(0..16)];
            rng.fill(&mut bytes);
            bytes
        }
        _ => "{SECRET}".into(),
    };
    (name.to_owned(), value)
}

/// A body for `operation`'s answer.
fn body(rng: &mut Rng, operation: Operation, status: u16) -> Vec<u8> {
    if rng.u8(0..8) == 0 {
        return Vec::new();
    }
    match operation {
        Operation::StreamEvents if status < 300 => (0..rng.usize(0..5))
            .map(|i| format!("data: {i}\n\n"))
            .collect::<String>()
            .into_bytes(),
        Operation::GetBlob if rng.bool() => {
            let mut bytes = vec![0u8; rng.usize(0..200_000)];
            rng.fill(&mut bytes);
            bytes
        }
        _ => json(rng, operation).into_bytes(),
    }
}

fn item(rng: &mut Rng) -> String {
    let id = match rng.u8(0..6) {
        0 => "\"1\"".to_owned(),
        1 => "1e400".to_owned(),
        2 => "18446744073709551616".to_owned(),
        3 => "null".to_owned(),
        _ => rng.i64(..).to_string(),
    };
    let name = match rng.u8(0..5) {
        0 => "1".to_owned(),
        1 => "\"\\ud800\"".to_owned(),
        2 => format!("\"{}\"", "n".repeat(rng.usize(0..5000))),
        _ => "\"a\"".to_owned(),
    };
    match rng.u8(0..6) {
        0 => format!("{{\"id\":{id}}}"),
        1 => format!("{{\"id\":{id},\"name\":{name},\"id\":2}}"),
        _ => format!("{{\"id\":{id},\"name\":{name}}}"),
    }
}

fn json(rng: &mut Rng, operation: Operation) -> String {
    match rng.u8(0..10) {
        0 => {
            let depth = rng.usize(1..300);
            format!("{}{}", "[".repeat(depth), "]".repeat(depth))
        }
        1 => "{\"message\":\"no\"}".to_owned(),
        2 => format!("[{}", item(rng)),
        3 => "null".to_owned(),
        4 => format!("{} {}", item(rng), item(rng)),
        _ if operation == Operation::CreateItem => item(rng),
        _ => {
            let items: Vec<String> = (0..rng.usize(0..6)).map(|_| item(rng)).collect();
            format!("[{}]", items.join(","))
        }
    }
}

/// The body with its framing, and whether the server must close after it
/// (when only closing shows where the body ends).
struct Framed {
    body: Vec<u8>,
    close: bool,
}

fn frame(rng: &mut Rng, body: &[u8], headers: &mut Vec<(String, Vec<u8>)>) -> Framed {
    match rng.u8(0..8) {
        0..=3 => {
            let length = match rng.u8(0..10) {
                0 => body.len().saturating_add(rng.usize(1..100)),
                1 => body.len().saturating_sub(rng.usize(1..100)),
                2 => usize::MAX,
                _ => body.len(),
            };
            headers.push(("content-length".into(), length.to_string().into_bytes()));
            Framed {
                body: body.to_vec(),
                close: length != body.len(),
            }
        }
        4..=6 => {
            headers.push(("transfer-encoding".into(), "chunked".into()));
            Framed {
                body: chunked(rng, body),
                close: false,
            }
        }
        // Neither: the body ends when the connection does.
        _ => Framed {
            body: body.to_vec(),
            close: true,
        },
    }
}

fn chunked(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let take = rng
            .usize(1..rest.len().saturating_add(1).max(2))
            .min(rest.len());
        let (chunk, tail) = rest.split_at(take);
        let size = match rng.u8(0..30) {
            0 => format!("{:x}", chunk.len().saturating_add(rng.usize(1..10))),
            1 => "ffffffffffffffffff".to_owned(),
            2 => format!("{:x};ext=1", chunk.len()),
            3 => "zz".to_owned(),
            _ => format!("{:x}", chunk.len()),
        };
        out.extend_from_slice(size.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
        rest = tail;
    }
    match rng.u8(0..10) {
        0 => {}
        1 => out.extend_from_slice(b"0\r\nx-trailer: 1\r\n\r\n"),
        _ => out.extend_from_slice(b"0\r\n\r\n"),
    }
    out
}

/// Flips, inserts, cuts or repeats a few bytes.
fn damage(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(..bytes.len().saturating_add(1));
        match rng.u8(0..5) {
            0 if at < bytes.len() => bytes[at] ^= 1 << rng.u8(0..8),
            1 => bytes.insert(at, *rng.choice(b"\r\n\0 :;,\"%\xff9").unwrap_or(&b'\n')),
            2 => bytes.truncate(at),
            3 if at < bytes.len() => {
                let end = at.saturating_add(rng.usize(1..50)).min(bytes.len());
                bytes.drain(at..end);
            }
            _ => {
                let end = at.saturating_add(rng.usize(1..20)).min(bytes.len());
                let piece = bytes[at.min(end)..end].to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
}
