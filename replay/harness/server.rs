//! The fixed part of the replay harness (`cargo xtask replay` writes the rest,
//! one call per recorded interaction): a loopback server that answers each
//! interaction with its recorded response and keeps the request it received,
//! and the outcome of each call as one JSON line for xtask to judge.

use std::sync::{Arc, Mutex};

use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A recorded answer, as xtask wrote it to `answers.json`.
#[derive(Deserialize)]
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    /// Hex for a binary body, else the text.
    body: String,
    binary: bool,
}

/// What the client sent for one interaction.
#[derive(Default, Clone, serde::Serialize)]
pub struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

#[derive(Default)]
struct State {
    current: usize,
    received: Vec<Received>,
}

pub struct Server {
    url: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub async fn start(answers: Vec<Answer>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let state = Arc::new(Mutex::new(State::default()));
        let answers = Arc::new(answers);
        let shared = Arc::clone(&state);
        let origin = url.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(answer(socket, Arc::clone(&shared), Arc::clone(&answers), origin.clone()));
            }
        });
        Self { url, state }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The next request is interaction `index`.
    pub fn expect(&self, index: usize) {
        let mut state = self.state.lock().expect("state");
        state.current = index;
        state.received.clear();
    }

    fn take(&self) -> Vec<Received> {
        std::mem::take(&mut self.state.lock().expect("state").received)
    }

    /// One JSON line: the interaction, what the server received, what the call gave.
    pub fn report(&self, index: usize, outcome: Result<Outcome, String>) {
        let (class, detail) = match outcome {
            Ok(outcome) => (outcome.class, outcome.detail),
            Err(reason) => ("not sent", reason),
        };
        let line = serde_json::json!({"index": index, "received": self.take(), "class": class, "detail": detail});
        println!("{line}");
    }
}

async fn answer(mut socket: TcpStream, state: Arc<Mutex<State>>, answers: Arc<Vec<Answer>>, origin: String) {
    loop {
        let Some(request) = read_request(&mut socket).await else { return };
        // A call that follows a redirect makes the next recorded request itself.
        let index = {
            let mut state = state.lock().expect("state");
            state.received.push(request);
            state.current += 1;
            state.current - 1
        };
        let Some(recorded) = answers.get(index) else { return };
        let body = if recorded.binary { from_hex(&recorded.body) } else { recorded.body.clone().into_bytes() };
        let mut head = format!("HTTP/1.1 {} Recorded\r\n", recorded.status);
        for (name, value) in &recorded.headers {
            head.push_str(&format!("{name}: {}\r\n", value.replace("{origin}", &origin)));
        }
        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        if socket.write_all(head.as_bytes()).await.is_err() || socket.write_all(&body).await.is_err() {
            return;
        }
    }
}

/// One HTTP/1.1 request with a `content-length` body (all the client sends).
async fn read_request(socket: &mut TcpStream) -> Option<Received> {
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = socket.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        bytes.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, v)| v.parse().ok());
    let mut body = bytes.split_off(head_end + 4);
    while body.len() < length.unwrap_or(0) {
        let read = socket.read(&mut buffer).await.ok().filter(|read| *read > 0)?;
        body.extend_from_slice(&buffer[..read]);
    }
    Some(Received { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2).filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}

/// What a call gave, as a class xtask counts.
pub struct Outcome {
    class: &'static str,
    detail: String,
}

pub fn outcome<T, E>(result: Result<T, github::Error<E>>) -> Outcome {
    let (class, detail) = match result {
        Ok(_) => ("decoded", String::new()),
        Err(github::Error::Api { response, .. }) => ("error decoded", response.status.to_string()),
        Err(github::Error::UnexpectedStatus(response)) => ("undocumented status", response.status.to_string()),
        Err(github::Error::Decode { path, message, .. }) => ("decode error", format!("at {path}: {message}")),
        Err(github::Error::Redirect { status, origin, .. }) => {
            ("redirect refused", format!("{} to {origin}", status.map(|s| s.as_u16()).unwrap_or_default()))
        }
        Err(other) => ("other error", other.to_string()),
    };
    Outcome { class, detail }
}
