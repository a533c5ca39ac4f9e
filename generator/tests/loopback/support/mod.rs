#![allow(dead_code)] // Each fixture crate's loopback test uses some of these.

// The loopback server of the fixture crates' loopback tests: `cargo xtask
// examples` copies this folder beside each `tests/loopback.rs`.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers each connection with the next body (status 200, JSON), once;
/// returns the base URL.
pub async fn serve(bodies: Vec<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        for body in bodies {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(read) => request.extend_from_slice(&buffer[..read]),
                }
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    url
}

/// A header name [`serve_answers`] does not send: the answer's connection
/// drops before the body it announced has all arrived.
pub const CUT: &str = "x-test-cut";

/// One answer of [`serve_answers`]: status, headers (besides the length) and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: &'static str,
}

impl Answer {
    pub fn json(status: u16, body: &'static str) -> Self {
        Self { status, headers: vec![("content-type", "application/json".to_owned())], body }
    }
}

/// What a request carried, as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// `POST /v1/uploads/a?x=1`.
    pub request_line: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// Answers each connection with the next answer, once, and records what
/// each request carried; returns the base URL and the record.
pub async fn serve_answers(answers: Vec<Answer>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        for answer in answers {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let request = read_request(&mut socket).await;
            record.lock().expect("record").push(request);
            let mut head = format!("HTTP/1.1 {} Answer\r\n", answer.status);
            // `CUT`: the body is announced longer than it is, and the connection drops after it.
            let cut = answer.headers.iter().any(|(name, _)| *name == CUT);
            for (name, value) in answer.headers.iter().filter(|(name, _)| *name != CUT) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            let length = answer.body.len() + if cut { 100 } else { 0 };
            head.push_str(&format!("content-length: {length}\r\nconnection: close\r\n\r\n"));
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(answer.body.as_bytes()).await;
        }
    });
    (url, seen)
}

/// Reads one request: head, then a body by `content-length` or chunked.
async fn read_request(socket: &mut tokio::net::TcpStream) -> Seen {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => break data.len(),
            Ok(read) => data.extend_from_slice(&buffer[..read]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().trim_end_matches(" HTTP/1.1").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = data.get(head_end + 4..).unwrap_or_default().to_vec();
    let length = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, v)| v.parse().ok());
    let chunked = headers.iter().any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    loop {
        let complete = match length {
            Some(length) => body.len() >= length,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => true,
        };
        if complete {
            break;
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => body.extend_from_slice(&buffer[..read]),
        }
    }
    if chunked {
        body = dechunk(&body);
    }
    Seen { request_line, headers, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = data.get(start + size + 2..).unwrap_or_default();
    }
    out
}
