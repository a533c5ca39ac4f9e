//! A scriptable HTTP/1.1 server on loopback for the hostile-server tests: it
//! records every request it receives and answers each with what the test's
//! script says. Bounded: it accepts a fixed number of connections, and a
//! streamed body stops when the client hangs up or at its byte cap.

#![allow(dead_code)] // each test binary uses a part of it

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// What the server does with one request.
#[derive(Clone)]
pub enum Reply {
    /// A complete response with a `Content-Length`.
    Send { status: u16, headers: String, body: String },
    /// Waits, then sends the reply.
    After(Duration, Box<Reply>),
    /// Headers, then `length` bytes of body (`None`: chunked, without end),
    /// written as fast as the client reads, up to `cap` bytes in all.
    Stream { headers: String, length: Option<u64>, cap: u64 },
}

pub fn json(status: u16, body: &str) -> Reply {
    Reply::Send { status, headers: "content-type: application/json\r\n".to_owned(), body: body.to_owned() }
}

pub fn redirect(status: u16, location: &str) -> Reply {
    Reply::Send { status, headers: format!("location: {location}\r\n"), body: String::new() }
}

pub struct Server {
    pub url: String,
    pub port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("requests").clone()
    }
}

/// Serves up to `connections` connections, answering request n (counted
/// from 0) with `script(n)`.
pub async fn serve(connections: usize, script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        for _ in 0..connections {
            let Ok((stream, _)) = listener.accept().await else { return };
            let (record, script) = (record.clone(), script.clone());
            tokio::spawn(async move {
                let mut stream = stream;
                let Some(request) = read_request(&mut stream).await else { return };
                let index = {
                    let mut record = record.lock().expect("requests");
                    record.push(request);
                    record.len() - 1
                };
                answer(stream, script(index)).await;
            });
        }
    });
    Server { url: format!("http://127.0.0.1:{port}"), port, seen }
}

async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 || buffer.len() > 1 << 20 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0)
        .min(1 << 20);
    while buffer.len() < head_end + 4 + length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer.get(head_end + 4..).unwrap_or_default().to_vec();
    Some(Seen { method, target, headers, body })
}

async fn answer(mut stream: TcpStream, reply: Reply) {
    let mut reply = reply;
    while let Reply::After(wait, then) = reply {
        tokio::time::sleep(wait).await;
        reply = *then;
    }
    match reply {
        Reply::Send { status, headers, body } => {
            let response = format!(
                "HTTP/1.1 {status} X\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
        Reply::Stream { headers, length, cap } => {
            let framing = match length {
                Some(length) => format!("content-length: {length}\r\n"),
                None => "transfer-encoding: chunked\r\n".to_owned(),
            };
            let head = format!("HTTP/1.1 200 OK\r\n{headers}{framing}connection: close\r\n\r\n");
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block = vec![b'x'; 64 * 1024];
            let chunk_head = format!("{:x}\r\n", block.len());
            let mut written: u64 = 0;
            while written < cap && length.is_none_or(|length| written < length) {
                let result = if length.is_some() {
                    stream.write_all(&block).await
                } else {
                    let mut framed = Vec::with_capacity(block.len() + 16);
                    framed.extend_from_slice(chunk_head.as_bytes());
                    framed.extend_from_slice(&block);
                    framed.extend_from_slice(b"\r\n");
                    stream.write_all(&framed).await
                };
                if result.is_err() {
                    return;
                }
                written += block.len() as u64;
            }
        }
        Reply::After(..) => {}
    }
}

/// The process's peak resident memory so far, in bytes (Linux `VmHWM`).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
